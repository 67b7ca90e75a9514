package org.lenetlab.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.bench.AugmentationCost;
import org.lenetlab.bench.BenchResult;
import org.lenetlab.bench.Throughput;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.run.Cell;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.DatasetExamplesSource;
import org.lenetlab.run.LocalCellExecutor;
import org.lenetlab.spec.AugmentationSpec;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.Limits;
import org.lenetlab.spec.LoadedModel;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.train.Augmentation;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lenet bench}: training and inference throughput, epoch time and peak memory per model, backend and batch. */
@Command(name = "bench", description = "Steady-state training and inference throughput (images/s, after warm-up) "
        + "per model, backend and batch size, the time of one full epoch with data handling and the test-set "
        + "evaluation, and the process's peak memory. Training uses SGD (lr 0.01, momentum 0.9) like the PyTorch peer. "
        + "With --augmentation, training is timed without and with each augmentation in interleaved blocks.")
final class BenchCommand implements Callable<Integer> {
    /** The paper's affine distortions, as in experiments/specs/paper-lenet5-distortions.json. */
    static final AugmentationSpec PAPER = new AugmentationSpec("paper", 0.9, 2.0, 0.15, 0.15, 0.3, null, null);
    /** Simard et al.'s (2003) elastic deformation for MNIST: alpha 34, sigma 4. */
    static final AugmentationSpec ELASTIC = new AugmentationSpec("elastic", null, null, null, null, null, null,
            new AugmentationSpec.ElasticSpec(34.0, 4.0));
    /** Both. */
    static final AugmentationSpec PAPER_ELASTIC = new AugmentationSpec("paper-elastic", 0.9, 2.0, 0.15, 0.15, 0.3,
            null, new AugmentationSpec.ElasticSpec(34.0, 4.0));
    private static final Map<String, AugmentationSpec> PRESETS = Map.of("paper", PAPER, "elastic", ELASTIC,
            "paper-elastic", PAPER_ELASTIC);

    @Option(names = "--model", paramLabel = "SPEC", description = "A model spec (repeatable; default "
            + "lenet5-relu-maxpool-padded).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "NAME", description = "A backend (repeatable; default cpu).")
    List<String> backends = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "N", description = "A training batch size (repeatable; default 64 and 256).")
    List<Integer> batches = new ArrayList<>();

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
            description = "Measuring time of each throughput figure (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", paramLabel = "N", description = "Threads the backend computes with (default: all). A backend "
            + "without a thread setting (cuda) ignores it, with a note, and shows n/a.")
    Integer threads;

    @Option(names = "--precision", paramLabel = "TYPE", defaultValue = "float32",
            description = "float32 (default) or float64: the precision every network is compiled for.")
    String precisionName;

    @Option(names = "--no-epoch", description = "Skip the full-epoch measurement (it needs MNIST).")
    boolean noEpoch;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "MNIST directory for the epoch measurement.")
    Path dataDir;

    @Option(names = "--augmentation", paramLabel = "SPEC", description = "Also time training with this augmentation "
            + "(repeatable): a preset (paper: the paper's affine distortions as in paper-lenet5-distortions.json; "
            + "elastic: alpha 34, sigma 4; paper-elastic: both), a JSON object as in a spec's training.augmentation, "
            + "or a file holding one. Training is then timed without and with each, in interleaved blocks of about 0.1 s, "
            + "--seconds per variant; the slowdown is the median over the blocks.")
    List<String> augmentationArgs = new ArrayList<>();

    @Option(names = "--json", description = "Print {\"results\": [...]} instead of a table.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new UsageException("--seconds must be above 0 and at most 3600, got " + seconds);
        }
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be positive, got " + threads);
        }
        for (int b : batches) {
            if (Limits.outside(b, Limits.MAX_TRAIN_IMAGES) != null) {
                throw new UsageException("--batch " + Limits.outside(b, Limits.MAX_TRAIN_IMAGES));
            }
        }
        List<String> augmentationNames = new ArrayList<>();
        List<AugmentationSpec> augmentations = new ArrayList<>();
        for (String a : augmentationArgs) {
            AugmentationSpec parsed = augmentation(a);
            if (!AugmentationSpec.distorts(parsed)) {
                throw new UsageException("--augmentation " + a + " distorts nothing; give some amount above 0");
            }
            String name = parsed.name() != null ? parsed.name() : a.strip().startsWith("{")
                    ? "augmentation " + (augmentations.size() + 1) : Path.of(a).getFileName().toString();
            augmentationNames.add(name);
            augmentations.add(parsed);
        }
        Precision precision = switch (precisionName) {
            case "float32" -> Precision.FLOAT32;
            case "float64" -> Precision.FLOAT64;
            default -> throw new UsageException("--precision must be float32 or float64, got '" + precisionName + "'");
        };
        List<Path> modelFiles = models.isEmpty() ? List.of(defaultModel()) : models;
        List<String> backendNames = backends.isEmpty() ? List.of("cpu") : backends;
        List<Integer> batchSizes = batches.isEmpty() ? List.of(64, 256) : batches;
        SpecReader reader = new SpecReader();
        List<LoadedModel> loaded = new ArrayList<>();
        for (Path f : modelFiles) {
            loaded.add(reader.readMnistModel(f));
        }
        BackendRegistry registry = BackendRegistry.discover();
        for (String b : backendNames) {
            if (!registry.contains(b)) {
                throw new UsageException("unknown backend '" + b + "' in --backend; backends found: "
                        + String.join(", ", registry.names()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        DatasetExamplesSource examples = noEpoch ? null
                : DatasetExamplesSource.fetching(dataDir, new ConsoleProgress(spec.commandLine().getErr(), false).fetchListener());
        if (examples != null) {
            examples.load(DatasetSpec.MNIST);
        }
        List<BenchResult> results = new ArrayList<>();
        for (LoadedModel model : loaded) {
            for (String name : backendNames) {
                Backend backend;
                try {
                    backend = registry.get(name);
                } catch (BackendUnavailableException e) {
                    spec.commandLine().getErr().println("lenet: skipping backend " + name + ": " + e.getMessage());
                    continue;
                }
                boolean threadsApplied = applyThreads(backend, threads, spec.commandLine().getErr());
                ModelPlan plan = model.plan();
                Throughput throughput = new Throughput(backend, plan, precision, seconds);
                double inference = throughput.inference();
                for (int batch : batchSizes) {
                    List<AugmentationCost> costs = null;
                    double training;
                    if (augmentations.isEmpty()) {
                        training = throughput.training(batch);
                    } else {
                        List<Augmentation> distortions = new ArrayList<>();
                        for (AugmentationSpec a : augmentations) {
                            distortions.add(new Augmentation(a, 0f));
                        }
                        costs = throughput.augmentationCost(batch, augmentationNames, distortions);
                        training = costs.get(0).plainImagesPerSecond();
                    }
                    Double epoch = examples == null ? null
                            : epochSeconds(registry, examples, model, name, batch, precision);
                    BenchResult r = new BenchResult(plan.name(), name, batch, threadsApplied ? threads : 0, training,
                            inference, epoch, Throughput.peakRssBytes(), costs);
                    results.add(r);
                    if (!json) {
                        print(out, r, results.size() == 1, threads != null && !threadsApplied);
                    }
                }
            }
        }
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(Map.of("results", results)));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A preset's name, a JSON object or a file holding one. */
    private static AugmentationSpec augmentation(String arg) {
        AugmentationSpec preset = PRESETS.get(arg);
        if (preset != null) {
            return preset;
        }
        SpecReader reader = new SpecReader();
        if (arg.strip().startsWith("{")) {
            return reader.readAugmentation(arg, "--augmentation");
        }
        Path file = Path.of(arg);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new UsageException("--augmentation '" + arg + "' is neither a preset (" + String.join(", ",
                    PRESETS.keySet().stream().sorted().toList()) + "), a JSON object nor a file");
        }
        return reader.readAugmentation(file);
    }

    /**
     * Limits {@code backend} to {@code threads} when given; a backend without a thread setting (e.g. cuda, whose
     * parallelism is the device's) runs as it is, with a note on {@code err}. Returns whether the limit applies.
     */
    static boolean applyThreads(Backend backend, Integer threads, PrintWriter err) {
        if (threads == null) {
            return false;
        }
        try {
            backend.useThreads(threads);
            return true;
        } catch (UnsupportedOperationException e) {
            err.println("lenet: --threads " + threads + " does not apply to backend " + backend.name()
                    + " (it has no thread setting); measuring it as it is");
            err.flush();
            return false;
        }
    }

    /** Wall time of one epoch through the normal cell path: data preparation, training, evaluation, metrics. */
    private static double epochSeconds(BackendRegistry registry, DatasetExamplesSource examples, LoadedModel model,
                                       String backend, int batch, Precision precision) {
        TrainingSettings settings = new TrainingSettings(1, batch, OptimizerKind.SGD, 0.01, 0.9, null, null, null, 0,
                Normalization.NONE, 1000, null, null, null, null, precision);
        Cell cell = new Cell(new CellSpec("bench", model.spec(), backend, 0, settings, DatasetSpec.MNIST), model.plan());
        long start = System.nanoTime();
        CellResult result = new LocalCellExecutor(registry, examples).execute(cell, TrainingListener.NONE, () -> false);
        double wall = (System.nanoTime() - start) / 1e9;
        if (result.status() != CellStatus.OK) {
            throw new IllegalStateException("the epoch measurement failed: " + result.reason());
        }
        return wall;
    }

    private static void print(PrintWriter out, BenchResult r, boolean header, boolean threadsIgnored) {
        String fmt = "%-28s %-8s %6s %8s %14s %14s %10s %12s%n";
        if (header) {
            out.printf(Locale.ROOT, fmt, "model", "backend", "batch", "threads", "train img/s", "infer img/s",
                    "epoch s", "peak RSS MB");
        }
        Object threads = threadsIgnored ? "n/a" : r.threads() == 0 ? "all" : r.threads();
        out.printf(Locale.ROOT, fmt, r.model(), r.backend(), r.batch(), threads,
                String.format(Locale.ROOT, "%,.0f", r.trainImagesPerSecond()),
                String.format(Locale.ROOT, "%,.0f", r.inferenceImagesPerSecond()),
                r.epochSeconds() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.epochSeconds()),
                r.peakRssBytes() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.peakRssBytes() / 1_000_000));
        if (r.augmentation() != null) {
            for (AugmentationCost c : r.augmentation()) {
                out.printf(Locale.ROOT, "  augmentation %s: %,.0f train img/s against %,.0f without; steps %.1f%% "
                        + "slower (median of %d interleaved block pairs of %d steps; quartiles %.1f%% to %.1f%%)%n",
                        c.name(), c.augmentedImagesPerSecond(), c.plainImagesPerSecond(), 100 * c.slowdown(),
                        c.groups(), c.stepsPerBlock(), 100 * c.slowdownLow(), 100 * c.slowdownHigh());
            }
        }
        out.flush();
    }

    private static Path defaultModel() {
        String home = System.getenv("LENET_HOME");
        Path relative = Path.of("experiments", "specs", "models", "lenet5-relu-maxpool-padded.json");
        return home == null ? relative : Path.of(home).resolve(relative);
    }
}
