package org.lenetlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.run.ExperimentService;
import org.lenetlab.spec.Limits;
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

    @Option(names = "--executor", paramLabel = "NAME", description = "Where cells run: local (this process, the "
            + "default) or spark (each cell a Spark task; see --master).")
    String executor = RunSession.Options.LOCAL;

    @Option(names = "--master", paramLabel = "URL", description = "With --executor spark: the master, local[N], "
            + "spark://HOST:PORT (see `lenet cluster`), yarn, k8s://...; default: spark.master as spark-submit sets it.")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "With --executor spark: a Spark property "
            + "(repeatable), e.g. spark.executor.memory=2g.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (checkpointEvery != null && Limits.outside(checkpointEvery, Limits.MAX_CHECKPOINT_EVERY) != null) {
            throw new UsageException("--checkpoint-every " + Limits.outside(checkpointEvery, Limits.MAX_CHECKPOINT_EVERY));
        }
        if (force && !resume) {
            throw new UsageException("--force only applies with --resume");
        }
        if (resume && out == null) {
            throw new UsageException("--resume needs --out DIR, the directory of the run to continue");
        }
        if (RunSession.Options.LOCAL.equals(executor) && (master != null || !conf.isEmpty())) {
            throw new UsageException("--master and --conf apply to --executor spark, not to local runs");
        }
        BackendRegistry registry = BackendRegistry.discover();
        ExperimentService service = new ExperimentService(registry);
        ExperimentService.Prepared prepared = service.prepare(specFile,
                new ExperimentService.Overrides(backends, epochs, limitTrain), Runtime.getRuntime().maxMemory());
        Path outDir = out != null ? out : defaultOutDir(prepared.name());
        RunSession.Options options = new RunSession.Options(dataDir, resume, force,
                checkpointEvery == null ? 0 : checkpointEvery, failFast, executor, master, conf);
        return new RunSession(service, registry, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(prepared, outDir, options).exitCode();
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
