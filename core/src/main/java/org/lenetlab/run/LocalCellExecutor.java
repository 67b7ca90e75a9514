package org.lenetlab.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointException;
import org.lenetlab.checkpoint.RunCheckpoints;
import org.lenetlab.metrics.ClassificationReport;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Preprocessing;
import org.lenetlab.provenance.WeightsDigest;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.Timings;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Augmentation;
import org.lenetlab.train.DivergenceException;
import org.lenetlab.train.Initialization;
import org.lenetlab.train.Preprocessor;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingSettings;
import org.lenetlab.train.TrainingStoppedException;

/** Runs cells in this JVM, on backends from a {@link BackendRegistry}. */
public final class LocalCellExecutor implements CellExecutor {
    private final BackendRegistry backends;
    private final ExamplesSource examples;
    private final RunCheckpoints checkpoints;
    private final Integer device;
    private ExamplesSource.Split lastSource;
    private Preprocessing lastPreprocessing;
    private Normalization lastNormalization;
    private ExamplesSource.Split lastPreprocessed;

    /** An executor over {@code backends}, reading data from {@code examples}, without checkpoints. */
    public LocalCellExecutor(BackendRegistry backends, ExamplesSource examples) {
        this(backends, examples, RunCheckpoints.NONE);
    }

    /** An executor that saves and restores cells through {@code checkpoints}. */
    public LocalCellExecutor(BackendRegistry backends, ExamplesSource examples, RunCheckpoints checkpoints) {
        this(backends, examples, checkpoints, null);
    }

    /**
     * An executor that compiles every network for device {@code device} of its backend (see
     * {@link CompileOptions#device()}), or the backend's default when {@code null}.
     */
    public LocalCellExecutor(BackendRegistry backends, ExamplesSource examples, RunCheckpoints checkpoints,
                             Integer device) {
        this.backends = backends;
        this.examples = examples;
        this.checkpoints = checkpoints;
        this.device = device;
    }

    @Override
    public CellResult execute(Cell cell, TrainingListener listener, BooleanSupplier stopRequested) {
        CellSpec spec = cell.spec();
        ModelPlan plan = cell.plan();
        TrainingSettings settings = spec.settings();
        ParameterCounts counts = new ParameterCounts(plan.trainableParameters(), plan.fixedParameters());
        Backend backend;
        try {
            backend = backends.get(spec.backend());
        } catch (BackendUnavailableException e) {
            return ended(spec, CellStatus.SKIPPED, "backend " + spec.backend() + " is unavailable: " + e.getMessage(),
                    null, counts);
        } catch (IllegalArgumentException e) {
            return ended(spec, CellStatus.SKIPPED, e.getMessage(), null, counts);
        }
        CompiledNetwork network;
        try {
            CompileOptions options = CompileOptions.training(settings.precision(), settings.optimizerPlan());
            network = backend.compile(plan, device == null ? options : options.onDevice(device));
        } catch (BackendUnavailableException e) {
            return ended(spec, CellStatus.SKIPPED, "backend " + spec.backend() + " is unavailable on device " + device
                    + ": " + e.getMessage(), backend.device(), counts);
        } catch (UnsupportedOperationException e) {
            return ended(spec, CellStatus.SKIPPED, "backend " + spec.backend() + " cannot run this cell: "
                    + e.getMessage(), backend.device(), counts);
        } catch (OutOfMemoryError e) {
            return ended(spec, CellStatus.FAILED, "out of memory: " + e.getMessage(), backend.device(), counts);
        }
        try (network) {
            ExamplesSource.Split data = preprocessed(examples.prepare(spec.dataset(), settings.normalization(),
                    settings.trainLimit()), plan.preprocessing(), settings.normalization());
            Initialization.initialize(network, spec.seed());
            if (settings.initialWeightsSha256() != null) {
                String problem = loadInitialWeights(cell, network);
                if (problem != null) {
                    return ended(spec, CellStatus.FAILED, problem, network.device(), counts);
                }
            }
            TrainingRun run = new Trainer(settings, spec.seed(), listener, stopRequested, checkpoints.forCell(spec),
                    augmentation(settings, plan.preprocessing())).run(network, data.train(), data.test());
            int[] predictions = run.testPredictions();
            ClassificationReport report = ClassificationReport.of(data.test().labels(), predictions,
                    data.test().count(), spec.dataset().classCount());
            return new CellResult(spec.id(), spec.model().name(), spec.backend(), spec.seed(), settings,
                    CellStatus.OK, null, network.device(), counts, run.epochs(), report.accuracy(),
                    report.confusionMatrix(), report.perClass(), report.misclassified(),
                    predictedAt(predictions, report.misclassified()),
                    new Timings(run.trainSeconds(), run.trainImagesPerSecond(), run.inferenceImagesPerSecond()),
                    WeightsDigest.sha256(network));
        } catch (TrainingStoppedException e) {
            return ended(spec, CellStatus.INTERRUPTED, e.getMessage(), network.device(), counts);
        } catch (DivergenceException e) {
            return ended(spec, CellStatus.FAILED, e.getMessage(), network.device(), counts);
        } catch (OutOfMemoryError e) {
            return ended(spec, CellStatus.FAILED, "out of memory: " + e.getMessage(), network.device(), counts);
        }
    }

    /**
     * Writes the parameters of the cell's initial-weights checkpoint into {@code network} (its optimizer state stays
     * fresh), after checking that the file is still the one the spec was read with; returns what is wrong, or
     * {@code null}.
     */
    private static String loadInitialWeights(Cell cell, CompiledNetwork network) {
        TrainingSettings settings = cell.spec().settings();
        if (cell.initialWeights() == null) {
            return "the initial weights " + settings.initialWeights() + " were not resolved for this cell";
        }
        try {
            String sha = Checkpoint.fileSha256(cell.initialWeights());
            if (!sha.equals(settings.initialWeightsSha256())) {
                return "initial weights " + cell.initialWeights() + " changed since the spec was read (SHA-256 "
                        + sha + ", expected " + settings.initialWeightsSha256() + ")";
            }
            Checkpoint.read(cell.initialWeights()).loadInto(network);
            return null;
        } catch (CheckpointException e) {
            return "initial weights: " + e.getMessage();
        }
    }

    /** The cell's distortions, filling with the value a blank pixel has after normalisation and preprocessing. */
    private static Augmentation augmentation(TrainingSettings settings, Preprocessing pre) {
        if (settings.augmentation() == null) {
            return null;
        }
        Normalization n = settings.normalization();
        double blank = (0 - n.mean()) / n.std();
        double background = pre.isIdentity() ? blank
                : pre.background() + (pre.foreground() - pre.background()) * blank;
        return new Augmentation(settings.augmentation(), (float) background);
    }

    /** The split after the model's preprocessing; the last result is kept for the adjacent cells that share it. */
    private synchronized ExamplesSource.Split preprocessed(ExamplesSource.Split split, Preprocessing pre,
                                                          Normalization normalization) {
        if (pre.isIdentity()) {
            return split;
        }
        if (lastSource != split || !pre.equals(lastPreprocessing) || !normalization.equals(lastNormalization)) {
            lastPreprocessed = null;
            lastPreprocessed = new ExamplesSource.Split(Preprocessor.apply(split.train(), pre, normalization),
                    Preprocessor.apply(split.test(), pre, normalization));
            lastSource = split;
            lastPreprocessing = pre;
            lastNormalization = normalization;
        }
        return lastPreprocessed;
    }

    private static CellResult ended(CellSpec cell, CellStatus status, String reason, String device,
                                    ParameterCounts counts) {
        return CellResult.ended(cell.id(), cell.model().name(), cell.backend(), cell.seed(), cell.settings(), status,
                reason, device, counts);
    }

    private static List<Integer> predictedAt(int[] predictions, List<Integer> indices) {
        List<Integer> predicted = new ArrayList<>(indices.size());
        for (int i : indices) {
            predicted.add(predictions[i]);
        }
        return predicted;
    }
}
