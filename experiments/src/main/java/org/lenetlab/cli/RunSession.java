package org.lenetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import org.lenetlab.run.CellExecutor;
import org.lenetlab.run.CellExecutorProvider;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.DatasetExamplesSource;
import org.lenetlab.run.ExperimentService;
import org.lenetlab.run.LocalCellExecutor;
import org.lenetlab.run.ResumePlan;
import org.lenetlab.run.RunInputException;
import org.lenetlab.run.RunListener;
import org.lenetlab.train.TrainingListener;

/**
 * One run of a prepared experiment as the command line does it, for {@code run}, {@code baseline} and
 * {@code verify} alike: the data fetched and verified first, the run directory locked, console progress and the live
 * report, Ctrl-C and SIGTERM turned into an interrupted cell and exit 130, and the summary at the end. The
 * experiment itself runs through {@link ExperimentService}.
 */
final class RunSession {
    private final ExperimentService service;
    private final BackendRegistry registry;
    private final PrintWriter console;
    private final PrintWriter err;

    RunSession(ExperimentService service, BackendRegistry registry, PrintWriter console, PrintWriter err) {
        this.service = service;
        this.registry = registry;
        this.console = console;
        this.err = err;
    }

    /**
     * How a run ended.
     *
     * @param exitCode {@link ExitCodes#OK}, {@link ExitCodes#FAILED} (a cell failed) or {@link ExitCodes#INTERRUPTED}
     * @param results  the results as written
     */
    record Outcome(int exitCode, ResultsFile results) {
    }

    /**
     * What a run may be asked besides the experiment.
     *
     * @param dataDir         the MNIST directory, or {@code null} for the usual places
     * @param resume          continue the run in the output directory
     * @param force           with {@code resume}: keep what still fits when the spec changed
     * @param checkpointEvery save checkpoints every N epochs, or 0
     * @param failFast        stop the matrix at the first failed cell
     * @param executor        where cells run: {@code local} (this process) or a {@link CellExecutorProvider}'s name
     * @param master          the executor's master URL, or {@code null}
     * @param conf            the executor's properties
     */
    record Options(Path dataDir, boolean resume, boolean force, int checkpointEvery, boolean failFast,
                   String executor, String master, Map<String, String> conf) {
        /** The executor of the command's own process. */
        static final String LOCAL = "local";

        /** Copies the map. */
        Options {
            conf = Map.copyOf(conf);
        }

        /** Options for cells run in this process. */
        Options(Path dataDir, boolean resume, boolean force, int checkpointEvery, boolean failFast) {
            this(dataDir, resume, force, checkpointEvery, failFast, LOCAL, null, Map.of());
        }

        /** A plain run reading MNIST from {@code dataDir}. */
        static Options plain(Path dataDir) {
            return new Options(dataDir, false, false, 0, false);
        }
    }

    /**
     * Runs {@code prepared} into {@code outDir}.
     *
     * @throws UsageException when the directory cannot take the run (exists as a file, holds another run without
     *                        {@code --resume}, cannot be resumed)
     */
    Outcome run(ExperimentService.Prepared prepared, Path outDir, Options options) throws IOException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out " + outDir + " exists and is not a directory");
        }
        CellExecutorProvider provider = LOCAL_EXECUTOR.equals(options.executor()) ? null : provider(options.executor());
        ResumePlan resumePlan = ResumePlan.NONE;
        if (Files.exists(outDir.resolve(ResultsWriter.FILE_NAME))) {
            if (!options.resume()) {
                throw new UsageException(outDir.resolve(ResultsWriter.FILE_NAME)
                        + " already exists; choose another --out, or add --resume to continue that run");
            }
            resumePlan = service.resumePlan(outDir, prepared, options.force());
        }
        boolean terminal = System.console() != null;
        ConsoleProgress progress = new ConsoleProgress(console, terminal);
        // another executor (a Spark cluster) starts while this process reads and verifies the data: its start-up
        // (the driver's context, the executors' JVMs) does not wait for ours
        CompletableFuture<CellExecutor> opening = provider == null ? null : open(provider,
                new CellExecutorProvider.Request(prepared.name(), registry, outDir.toAbsolutePath(),
                        options.dataDir() == null ? null : options.dataDir().toAbsolutePath(), prepared.specSha256(),
                        options.checkpointEvery(), options.resume(), options.master(), options.conf(),
                        progress::note));
        boolean handedOver = false;
        try {
            DatasetExamplesSource examples = DatasetExamplesSource.fetching(options.dataDir(),
                    progress.fetchListener());
            Mnist mnist = examples.load(prepared.experiment().spec().dataset()); // fetch and verify before writing
            TestImages testImages = new TestImages(mnist.test(), mnist.sha256());
            RunLock lock = RunLock.acquire(outDir);
            try {
                handedOver = true;
                return run(prepared, outDir, options, resumePlan, examples, testImages, progress, opening);
            } finally {
                lock.close();
            }
        } finally {
            if (!handedOver && opening != null) {
                try {
                    close(opened(opening));
                } catch (RuntimeException | Error e) {
                    // it did not open: nothing to close
                }
            }
        }
    }

    /** Opens {@code provider}'s executor in a thread of its own (with this thread's class loader, as spark-submit's). */
    private static CompletableFuture<CellExecutor> open(CellExecutorProvider provider,
                                                       CellExecutorProvider.Request request) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return CompletableFuture.supplyAsync(() -> provider.open(request), task -> {
            Thread thread = new Thread(task, "lenet-executor-start");
            thread.setContextClassLoader(loader);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** The executor {@code opening} gave, or what it threw. */
    private static CellExecutor opened(CompletableFuture<CellExecutor> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static final String LOCAL_EXECUTOR = Options.LOCAL;

    /** The provider named {@code name}, found on the class path. */
    static CellExecutorProvider provider(String name) {
        for (CellExecutorProvider p : ServiceLoader.load(CellExecutorProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new RunInputException("--executor " + name + ": no such executor on the class path (run through the "
                + "./lenet launcher, which adds executor modules' class paths when asked, e.g. --executor spark)");
    }

    private Outcome run(ExperimentService.Prepared prepared, Path outDir, Options options, ResumePlan resumePlan,
                        DatasetExamplesSource examples, TestImages testImages, ConsoleProgress progress,
                        CompletableFuture<CellExecutor> opening) {
        if (options.resume()) {
            Resuming.removeTemporaries(outDir);
        }
        resumePlan.notes().forEach(progress::note);
        RunCheckpoints checkpoints = new RunCheckpoints(outDir, options.checkpointEvery(), prepared.specSha256(),
                options.resume(), progress::note);

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
            int cells = prepared.cells().size();
            console.printf(Locale.ROOT, "experiment %s: %d cells, results in %s%n", prepared.name(), cells, outDir);
            if (!resumePlan.kept().isEmpty()) {
                console.printf(Locale.ROOT, "resuming: %d finished cells kept, %d to run%n", resumePlan.kept().size(),
                        cells - resumePlan.kept().size());
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
            LiveReport report = new LiveReport(listener, outDir, Optional.of(testImages), err);
            ResultsFile results;
            CellExecutor executor = opening == null ? new LocalCellExecutor(registry, examples, checkpoints)
                    : opened(opening);
            try {
                results = service.run(prepared, outDir, resumePlan, executor, examples, report,
                        () -> stop.get() || options.failFast() && failed.get());
            } catch (RuntimeException | Error bug) {
                // the service wrote the finished cells as final; the report should stop waiting for more
                finishReport(report, outDir);
                throw bug;
            } finally {
                close(executor);
            }
            if (options.failFast() && failed.get() && results.cells().size() < cells) {
                console.printf(Locale.ROOT, "stopped at the first failed cell (--fail-fast): %d of %d cells not run%n",
                        cells - results.cells().size(), cells);
            }
            boolean reported = report.finish(results);
            int code = summarize(results, outDir.resolve(ResultsWriter.FILE_NAME), reported ? report.file() : null,
                    stop.get());
            if (stop.get()) {
                console.printf(Locale.ROOT, "to continue, run the same command with --resume (and --out %s)%n",
                        outDir);
                console.flush();
            }
            return new Outcome(code, results);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private void close(CellExecutor executor) {
        if (executor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                err.println("lenet: could not close the " + executor.getClass().getSimpleName() + ": " + e.getMessage());
                err.flush();
            }
        }
    }

    private static void finishReport(LiveReport report, Path outDir) {
        try {
            report.finish(ResultsWriter.read(outDir.resolve(ResultsWriter.FILE_NAME)));
        } catch (java.io.IOException | RuntimeException e) {
            // the report is a convenience; the error being reported matters more
        }
    }

    private int summarize(ResultsFile results, Path file, Path reportFile, boolean stopped) {
        long ok = results.cells().stream().filter(c -> c.status() == CellStatus.OK).count();
        long failed = results.cells().stream().filter(c -> c.status() == CellStatus.FAILED).count();
        long skipped = results.cells().stream().filter(c -> c.status() == CellStatus.SKIPPED).count();
        console.println();
        for (CellResult c : results.cells()) {
            console.printf(Locale.ROOT, "  %-8s %-60s %s%n", c.status().jsonName(), c.id(),
                    c.status() == CellStatus.OK ? String.format(Locale.ROOT, "test accuracy %.2f%%",
                            c.testAccuracy() * 100) : c.reason());
        }
        console.printf(Locale.ROOT, "%d ok, %d failed, %d skipped%s; results: %s%n", ok, failed, skipped,
                stopped ? ", interrupted" : "", file);
        if (reportFile != null) {
            console.printf(Locale.ROOT, "report: %s%n", reportFile);
        }
        console.flush();
        if (stopped) {
            return ExitCodes.INTERRUPTED;
        }
        return failed > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
