package org.lenetlab.cli;

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

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (epochs != null && (epochs < 1 || epochs > 100_000)) {
            throw new UsageException("--epochs must be between 1 and 100000, got " + epochs);
        }
        if (limitTrain != null && (limitTrain < 1 || limitTrain > 60_000)) {
            throw new UsageException("--limit-train must be between 1 and 60000, got " + limitTrain);
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
        if (Files.exists(outDir.resolve(ResultsWriter.FILE_NAME))) {
            throw new UsageException(outDir.resolve(ResultsWriter.FILE_NAME) + " already exists; choose another --out");
        }

        boolean terminal = System.console() != null;
        ConsoleProgress progress = new ConsoleProgress(console, terminal);
        MnistExamplesSource examples = MnistExamplesSource.fetching(dataDir, progress.fetchListener());
        Mnist mnist = examples.load(); // fetch and verify the data before anything is written
        TestImages testImages = new TestImages(mnist.test(), mnist.sha256());

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lenet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            console.printf(Locale.ROOT, "experiment %s: %d cells, results in %s%n", experiment.spec().experiment(),
                    cells.size(), outDir);
            console.flush();
            AtomicBoolean failed = new AtomicBoolean();
            RunListener listener = new RunListener() {
                @Override
                public TrainingListener cellStarted(int index, int total, CellSpec cell) {
                    return progress.cellStarted(index, total, cell);
                }

                @Override
                public void cellFinished(int index, int total, CellResult result) {
                    progress.cellFinished(index, total, result);
                    failed.compareAndSet(false, result.status() == CellStatus.FAILED);
                }
            };
            LiveReport report = new LiveReport(listener, outDir, Optional.of(testImages), spec.commandLine().getErr());
            ResultsFile results = new ExperimentRunner(new LocalCellExecutor(registry, examples), examples, report,
                    () -> stop.get() || failFast && failed.get()).run(experiment, specFile.toString(), cells, outDir);
            if (failFast && failed.get() && results.cells().size() < cells.size()) {
                console.printf(Locale.ROOT, "stopped at the first failed cell (--fail-fast): %d of %d cells not run%n",
                        cells.size() - results.cells().size(), cells.size());
            }
            boolean reported = report.finish(results);
            return summarize(results, outDir.resolve(ResultsWriter.FILE_NAME), reported ? report.file() : null, console,
                    stop.get());
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
