package org.lenetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.gates.Baseline;
import org.lenetlab.gates.BaselineException;
import org.lenetlab.gates.Baselines;
import org.lenetlab.gates.JUnitXml;
import org.lenetlab.gates.Tolerances;
import org.lenetlab.gates.Verifier;
import org.lenetlab.gates.VerifyReport;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.run.ExperimentService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lenet verify SPEC --baseline FILE}: reruns an experiment (or takes a finished run) and compares it with a
 * baseline; exit 0 within tolerance, 1 outside it, 2 on bad input.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Rerun an experiment (or take a finished run) and compare it with a baseline.",
            "Prints a table (cell, metric, baseline, actual, difference, tolerance, verdict) and what changed in the "
                + "spec and the environment, writes a JUnit XML report, and exits 1 when a metric is outside its "
                + "tolerance or a cell is missing on either side, 2 on bad input."})
final class VerifyCommand implements Callable<Integer> {
    /** The JUnit report's file name in the run directory. */
    static final String JUNIT_FILE = "TEST-lenet-verify.xml";

    @Parameters(paramLabel = "SPEC", arity = "0..1", description = "The experiment spec to rerun (not needed with --results).")
    Path specFile;

    @Option(names = "--baseline", paramLabel = "FILE", required = true, description = "The baseline file (from `lenet baseline`).")
    Path baselineFile;

    @Option(names = "--results", paramLabel = "DIR", description = "Verify the finished run in DIR (its results.json) instead of rerunning.")
    Path results;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the rerun writes its results (default runs/<experiment>-verify-<timestamp>).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "MNIST directory, as for `lenet run`.")
    Path dataDir;

    @Option(names = "--tolerance", paramLabel = "METRIC=VALUE",
            description = "Override a tolerance of the baseline (repeatable, or comma-separated): testAccuracy "
                    + "(absolute), trainLoss, testLoss (relative), confusionMatrix (counts); values may end in %%, "
                    + "e.g. --tolerance testAccuracy=0.002 --tolerance trainLoss=1%%.")
    List<String> tolerances = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE",
            description = "The JUnit XML report (default: " + JUNIT_FILE + " in the run's directory).")
    Path junit;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Baseline baseline;
        try {
            baseline = Baselines.read(baselineFile);
        } catch (BaselineException e) {
            throw new UsageException(e.getMessage());
        }
        Tolerances tolerance = GateSupport.tolerances(baseline.tolerances(), tolerances);
        if (junit != null && Files.isDirectory(junit)) {
            throw new UsageException("--junit " + junit + " is a directory; give the report's file name");
        }
        ResultsFile run;
        Path runDir;
        if (results != null) {
            run = GateSupport.readResults(results);
            runDir = Files.isDirectory(results) ? results : results.toAbsolutePath().getParent();
            if (specFile != null) {
                GateSupport.checkSameSpec(specFile, run, results);
            }
        } else {
            if (specFile == null) {
                throw new UsageException("give the experiment SPEC to rerun, or --results DIR of a finished run");
            }
            BackendRegistry registry = BackendRegistry.discover();
            ExperimentService service = new ExperimentService(registry);
            ExperimentService.Prepared prepared = GateSupport.prepare(service, specFile);
            runDir = out != null ? out : GateSupport.defaultRunDir(prepared.name(), "verify");
            RunSession.Outcome outcome = GateSupport.run(service, registry, prepared, runDir, dataDir, console, err);
            if (outcome.exitCode() != ExitCodes.OK && outcome.exitCode() != ExitCodes.FAILED) {
                return outcome.exitCode();
            }
            run = outcome.results();
            console.println();
        }
        VerifyReport report = Verifier.verify(baseline, run, tolerance);
        Path junitFile = junit != null ? junit : runDir.resolve(JUNIT_FILE);
        JUnitXml.write(junitFile, report, baselineFile.toString(), (System.nanoTime() - start) / 1e9);
        console.println("lenet verify: " + run.experiment() + " against " + baselineFile);
        console.println();
        console.print(report.render());
        console.println("JUnit report: " + junitFile);
        console.flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
