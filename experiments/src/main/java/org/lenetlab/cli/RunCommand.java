package org.lenetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.checkpoint.RunCheckpoints;
import org.lenetlab.data.Mnist;
import org.lenetlab.reports.TestImages;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.ExperimentMatrix;
import org.lenetlab.run.ExperimentRunner;
import org.lenetlab.run.LocalCellExecutor;
import org.lenetlab.run.MnistExamplesSource;
import org.lenetlab.run.ResourceCheck;
import org.lenetlab.run.ResumePlan;
import org.lenetlab.run.RunListener;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.spec.LoadedExperiment;
import org.lenetlab.spec.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lenet run SPEC ...}: trains every cell of an experiment's matrix and writes {@code results.json}, and
 * {@code report.html} after every cell and at the end.
 */
@Command(name = "run", description = "Train every cell of an experiment's matrix on MNIST and write results.json, "
        + "and report.html (refreshed after every cell, so a long run can be watched).")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "An experiment spec file.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default runs/<experiment>-<timestamp>).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the four MNIST IDX files (plain or .gz); default: $LENET_MNIST_DIR, "
                    + "the user cache, then a download.")
    Path dataDir;

    @Option(names = "--backend", paramLabel = "NAME", description = "Run on this backend instead of the spec's (repeatable).")
    List<String> backends = new ArrayList<>();

    @Option(names = "--epochs", paramLabel = "N", description = "Train N epochs instead of the spec's.")
    Integer epochs;

    @Option(names = "--limit-train", paramLabel = "N", description = "Train on the first N training images only.")
    Integer limitTrain;

    @Option(names = "--fail-fast", description = "Stop the matrix at the first failed cell (default: run every cell).")
    boolean failFast;

    @Option(names = "--resume", description = "Continue the run in --out DIR: keep its finished cells and run the "
            + "rest, each from its last checkpoint when it has one.")
    boolean resume;

    @Option(names = "--force", description = "With --resume: continue even though the spec or the command line "
            + "changed, keeping only the finished cells whose definition did not change.")
    boolean force;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Save each cell's model and optimizer "
            + "state every N epochs (the final model is always saved), under DIR/checkpoints/.")
    Integer checkpointEvery;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        if (epochs != null && (epochs < 1 || epochs > 100_000)) {
            throw new UsageException("--epochs must be between 1 and 100000, got " + epochs);
        }
        if (limitTrain != null && (limitTrain < 1 || limitTrain > 60_000)) {
            throw new UsageException("--limit-train must be between 1 and 60000, got " + limitTrain);
        }
        if (checkpointEvery != null && (checkpointEvery < 1 || checkpointEvery > 100_000)) {
            throw new UsageException("--checkpoint-every must be between 1 and 100000, got " + checkpointEvery);
        }
        if (force && !resume) {
            throw new UsageException("--force only applies with --resume");
        }
        if (resume && out == null) {
            throw new UsageException("--resume needs --out DIR, the directory of the run to continue");
        }
        BackendRegistry registry = BackendRegistry.discover();
        for (String b : backends) {
            if (!registry.contains(b)) {
                throw new UsageException("unknown backend '" + b + "' in --backend; backends found: "
                        + String.join(", ", registry.names()));
            }
        }
        LoadedExperiment experiment = new SpecReader().readExperiment(specFile, registry.names());
        List<CellSpec> cells = ExperimentMatrix.expand(experiment, backends, epochs, limitTrain);
        List<String> tooLarge = ResourceCheck.problems(cells, registry, Runtime.getRuntime().maxMemory());
        if (!tooLarge.isEmpty()) {
            throw new UsageException(specFile + ": " + tooLarge.get(0)
                    + (tooLarge.size() > 1 ? " (and " + (tooLarge.size() - 1) + " more cells)" : ""));
        }
        Path outDir = out != null ? out : defaultOutDir(experiment.spec().experiment());
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out " + outDir + " exists and is not a directory");
        }
        String specSha256 = ExperimentRunner.specSha256(ExperimentRunner.resolvedSpec(experiment));
        ResumePlan resumePlan = ResumePlan.NONE;
        if (Files.exists(outDir.resolve(ResultsWriter.FILE_NAME))) {
            if (!resume) {
                throw new UsageException(outDir.resolve(ResultsWriter.FILE_NAME)
                        + " already exists; choose another --out, or add --resume to continue that run");
            }
            resumePlan = Resuming.plan(outDir, specSha256, cells, force);
        }

        boolean terminal = System.console() != null;
        ConsoleProgress progress = new ConsoleProgress(console, terminal);
        MnistExamplesSource examples = MnistExamplesSource.fetching(dataDir, progress.fetchListener());
        Mnist mnist = examples.load(); // fetch and verify the data before anything is written
        TestImages testImages = new TestImages(mnist.test(), mnist.sha256());
        RunLock lock = RunLock.acquire(outDir);
        try {
            return run(experiment, cells, outDir, examples, testImages, progress, registry, console, specSha256,
                    resumePlan);
        } finally {
            lock.close();
        }
    }

    private int run(LoadedExperiment experiment, List<CellSpec> cells, Path outDir, MnistExamplesSource examples,
                    TestImages testImages, ConsoleProgress progress, BackendRegistry registry, PrintWriter console, String specSha256,
                    ResumePlan resumePlan) {
        if (resume) {
            Resuming.removeTemporaries(outDir);
        }
        resumePlan.notes().forEach(progress::note);
        RunCheckpoints checkpoints = new RunCheckpoints(outDir, checkpointEvery == null ? 0 : checkpointEvery,
                specSha256, resume, progress::note);

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                if (finished.await(120, TimeUnit.SECONDS)) {
                    // The results are written. Exit 130 (as for Ctrl-C, also on SIGTERM); System.exit would block
                    // now that the JVM is shutting down.
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lenet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            console.printf(Locale.ROOT, "experiment %s: %d cells, results in %s%n", experiment.spec().experiment(),
                    cells.size(), outDir);
            if (!resumePlan.kept().isEmpty()) {
                console.printf(Locale.ROOT, "resuming: %d finished cells kept, %d to run%n", resumePlan.kept().size(),
                        cells.size() - resumePlan.kept().size());
            }
            console.flush();
            AtomicBoolean failed = new AtomicBoolean();
            RunListener listener = new RunListener() {
                @Override
                public TrainingListener cellStarted(int index, int total, CellSpec cell) {
                    return progress.cellStarted(index, total, cell);
                }

                @Override
                public void cellKept(int index, int total, CellResult result) {
                    progress.cellKept(index, total, result);
                }

                @Override
                public void cellFinished(int index, int total, CellResult result) {
                    progress.cellFinished(index, total, result);
                    failed.compareAndSet(false, result.status() == CellStatus.FAILED);
                }
            };
            LiveReport report = new LiveReport(listener, outDir, Optional.of(testImages), spec.commandLine().getErr());
            ResultsFile results = new ExperimentRunner(new LocalCellExecutor(registry, examples, checkpoints), examples,
                    report, () -> stop.get() || failFast && failed.get())
                    .run(experiment, specFile.toString(), cells, outDir, resumePlan);
            if (failFast && failed.get() && results.cells().size() < cells.size()) {
                console.printf(Locale.ROOT, "stopped at the first failed cell (--fail-fast): %d of %d cells not run%n",
                        cells.size() - results.cells().size(), cells.size());
            }
            boolean reported = report.finish(results);
            int code = summarize(results, outDir.resolve(ResultsWriter.FILE_NAME), reported ? report.file() : null,
                    console, stop.get());
            if (stop.get()) {
                console.printf(Locale.ROOT, "to continue, run the same command with --resume (and --out %s)%n", outDir);
                console.flush();
            }
            return code;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private static int summarize(ResultsFile results, Path file, Path reportFile, PrintWriter out, boolean stopped) {
        long ok = results.cells().stream().filter(c -> c.status() == CellStatus.OK).count();
        long failed = results.cells().stream().filter(c -> c.status() == CellStatus.FAILED).count();
        long skipped = results.cells().stream().filter(c -> c.status() == CellStatus.SKIPPED).count();
        out.println();
        for (CellResult c : results.cells()) {
            out.printf(Locale.ROOT, "  %-8s %-60s %s%n", c.status().jsonName(), c.id(),
                    c.status() == CellStatus.OK ? String.format(Locale.ROOT, "test accuracy %.2f%%", c.testAccuracy() * 100)
                            : c.reason());
        }
        out.printf(Locale.ROOT, "%d ok, %d failed, %d skipped%s; results: %s%n", ok, failed, skipped,
                stopped ? ", interrupted" : "", file);
        if (reportFile != null) {
            out.printf(Locale.ROOT, "report: %s%n", reportFile);
        }
        out.flush();
        if (stopped) {
            return ExitCodes.INTERRUPTED;
        }
        return failed > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static Path defaultOutDir(String experiment) {
        String safe = experiment.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "experiment" + safe;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        return Path.of("runs", safe + "-" + stamp);
    }
}
