package org.lenetlab.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import org.lenetlab.data.DataException;
import org.lenetlab.io.InputFileException;
import org.lenetlab.run.RunInputException;
import org.lenetlab.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lenet} command. */
@Command(name = "lenet", mixinStandardHelpOptions = true, versionProvider = LenetCommand.Version.class,
        description = "Declarative LeNet experiments on MNIST: train, compare and reproduce.",
        subcommands = {RunCommand.class, ReportCommand.class, SummaryCommand.class, BackendsCommand.class,
                ValidateCommand.class, BenchCommand.class, FetchCommand.class, PredictCommand.class,
                BaselineCommand.class, VerifyCommand.class, ExportCommand.class, InspectCommand.class,
                ClusterEntry.class,
                CommandLine.HelpCommand.class})
public final class LenetCommand {

    private LenetCommand() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}, and returns its exit code (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        quietLibraries(verbose);
        CommandLine cli = new CommandLine(new LenetCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, commandLine.getErr(), verbose));
        cli.setParameterExceptionHandler((e, args2) -> {
            PrintWriter errors = e.getCommandLine().getErr();
            errors.println("lenet: " + e.getMessage() + " (try '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            errors.flush();
            return ExitCodes.BAD_INPUT;
        });
        return cli.execute(args);
    }

    /** Keeps library start-up chatter (ND4J's INFO lines) off the console unless {@code --verbose}. */
    static void quietLibraries(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private static int handle(Exception e, PrintWriter err, boolean verbose) {
        if (e instanceof SpecException spec) {
            spec.problems().forEach(p -> err.println(p.toString()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof DataException || e instanceof UsageException || e instanceof RunInputException
                || e instanceof InputFileException) {
            err.println("lenet: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        err.println("lenet: internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                + (verbose ? "" : " (run with --verbose for the stack trace)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LenetCommand.class.getPackage().getImplementationVersion();
            return new String[] {"lenet " + (v == null ? "development build" : v)};
        }
    }
}
