package org.lenetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.gates.Baseline;
import org.lenetlab.gates.Baselines;
import org.lenetlab.gates.Tolerances;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.run.ExperimentService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lenet baseline SPEC --out FILE}: runs an experiment and records its metrics and provenance as a baseline. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Record a baseline for `lenet verify`: run an experiment, or take a finished run.",
            "Per cell: test accuracy per epoch, final losses, parameter counts, confusion matrix and a digest of "
                + "the trained weights; with the run's provenance and the default tolerances."})
final class BaselineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", arity = "0..1", description = "The experiment spec to run (not needed with --results).")
    Path specFile;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The baseline file to write (replaced if it exists).")
    Path out;

    @Option(names = "--results", paramLabel = "DIR", description = "Take the finished run in DIR (its results.json) instead of running.")
    Path results;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where the run writes its results (default runs/<experiment>-baseline-<timestamp>).")
    Path runDir;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "MNIST directory, as for `lenet run`.")
    Path dataDir;

    @Option(names = "--tolerance", paramLabel = "METRIC=VALUE",
            description = "A default tolerance recorded in the baseline (repeatable, or comma-separated): "
                    + "testAccuracy (absolute), trainLoss, testLoss (relative), confusionMatrix (counts); "
                    + "values may end in %%. Built in: testAccuracy=0.002, trainLoss=0.01, testLoss=0.01, "
                    + "confusionMatrix=10.")
    List<String> tolerances = new ArrayList<>();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tolerances tolerance = GateSupport.tolerances(Tolerances.DEFAULTS, tolerances);
        if (Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a directory; give the baseline file's name");
        }
        ResultsFile run;
        if (results != null) {
            run = GateSupport.readResults(results);
            if (specFile != null) {
                GateSupport.checkSameSpec(specFile, run, results);
            }
        } else {
            if (specFile == null) {
                throw new UsageException("give an experiment SPEC to run, or --results DIR of a finished run");
            }
            BackendRegistry registry = BackendRegistry.discover();
            ExperimentService service = new ExperimentService(registry);
            ExperimentService.Prepared prepared = GateSupport.prepare(service, specFile);
            Path dir = runDir != null ? runDir : GateSupport.defaultRunDir(prepared.name(), "baseline");
            RunSession.Outcome outcome = GateSupport.run(service, registry, prepared, dir, dataDir, console, err);
            if (outcome.exitCode() != ExitCodes.OK && outcome.exitCode() != ExitCodes.FAILED) {
                return outcome.exitCode();
            }
            run = outcome.results();
        }
        Baseline baseline;
        try {
            baseline = Baseline.of(run, tolerance, Instant.now().toString());
        } catch (IllegalArgumentException e) {
            err.println("lenet: no baseline written: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILED;
        }
        Baselines.write(out, baseline);
        console.println("baseline of " + baseline.experiment() + ": " + baseline.cells().size() + " cell"
                + (baseline.cells().size() == 1 ? "" : "s") + " written to " + out);
        console.println("default tolerances: " + tolerance);
        console.flush();
        return ExitCodes.OK;
    }
}
