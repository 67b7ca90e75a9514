package org.lenetlab.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.checkpoint.RunCheckpoints;
import org.lenetlab.metrics.ClassificationReport;
import org.lenetlab.model.ModelPlan;
import org.lenetlab.model.ModelPlanner;
import org.lenetlab.provenance.WeightsDigest;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.EpochRecord;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.Timings;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.PreprocessingSpec;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.train.DivergenceException;
import org.lenetlab.train.Network;
import org.lenetlab.train.Preprocessor;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingStoppedException;

/** Runs cells in this JVM, on backends from a {@link BackendRegistry}. */
public final class LocalCellExecutor implements CellExecutor {
    private static final int CLASSES = 10;
    private static final ObjectMapper SETTINGS_MAPPER = SpecReader.strictMapper();

    private final BackendRegistry backends;
    private final ExamplesSource examples;
    private final RunCheckpoints checkpoints;
    private ExamplesSource.Split lastSource;
    private PreprocessingSpec lastPreprocessing;
    private Normalization lastNormalization;
    private ExamplesSource.Split lastPreprocessed;

    /** An executor over {@code backends}, reading data from {@code examples}, without checkpoints. */
    public LocalCellExecutor(BackendRegistry backends, ExamplesSource examples) {
        this(backends, examples, RunCheckpoints.NONE);
    }

    /** An executor that saves and restores cells through {@code checkpoints}. */
    public LocalCellExecutor(BackendRegistry backends, ExamplesSource examples, RunCheckpoints checkpoints) {
        this.backends = backends;
        this.examples = examples;
        this.checkpoints = checkpoints;
    }

    @Override
    public CellResult execute(CellSpec cell, TrainingListener listener, BooleanSupplier stopRequested) {
        ModelPlan plan = ModelPlanner.plan(cell.model(), CLASSES);
        ParameterCounts counts = new ParameterCounts(plan.trainableParameters(), plan.fixedParameters());
        Backend backend;
        try {
            backend = backends.get(cell.backend());
        } catch (BackendUnavailableException e) {
            return ended(cell, CellStatus.SKIPPED, "backend " + cell.backend() + " is unavailable: " + e.getMessage(), null, counts);
        } catch (IllegalArgumentException e) {
            return ended(cell, CellStatus.SKIPPED, e.getMessage(), null, counts);
        }
        try {
            ExamplesSource.Split data = preprocessed(examples.prepare(cell.dataset(), cell.settings().normalization(),
                    cell.settings().trainLimit()), cell);
            Network network = Network.create(plan, backend, cell.seed());
            TrainingRun run = new Trainer(cell.settings(), cell.seed(), listener, stopRequested,
                    checkpoints.forCell(cell))
                    .run(network, data.train(), data.test());
            ClassificationReport report = ClassificationReport.of(data.test().labels(), run.testPredictions(),
                    data.test().count(), CLASSES);
            return new CellResult(cell.id(), cell.model().name(), cell.backend(), cell.seed(), settingsOf(cell),
                    CellStatus.OK, null, backend.device(), counts,
                    run.epochs().stream().map(EpochRecord::of).toList(), report.accuracy(), report.confusionMatrix(),
                    report.perClass(), report.misclassified(), predictedAt(run.testPredictions(), report.misclassified()),
                    new Timings(run.trainSeconds(), run.trainImagesPerSecond(), run.inferenceImagesPerSecond()),
                    WeightsDigest.sha256(network.parameters()));
        } catch (TrainingStoppedException e) {
            return ended(cell, CellStatus.INTERRUPTED, e.getMessage(), backend.device(), counts);
        } catch (DivergenceException e) {
            return ended(cell, CellStatus.FAILED, e.getMessage(), backend.device(), counts);
        } catch (OutOfMemoryError e) {
            return ended(cell, CellStatus.FAILED, "out of memory: " + e.getMessage(), backend.device(), counts);
        } catch (RuntimeException e) {
            return ended(cell, CellStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), backend.device(), counts);
        }
    }

    /** The split after the model's preprocessing; the last result is kept for the adjacent cells that share it. */
    private synchronized ExamplesSource.Split preprocessed(ExamplesSource.Split split, CellSpec cell) {
        PreprocessingSpec pre = cell.model().preprocessing();
        if (pre == null || pre.isIdentity()) {
            return split;
        }
        Normalization normalization = cell.settings().normalization();
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

    private static CellResult ended(CellSpec cell, CellStatus status, String reason, String device, ParameterCounts counts) {
        return new CellResult(cell.id(), cell.model().name(), cell.backend(), cell.seed(), settingsOf(cell), status,
                reason, device, counts, List.of(), null, null, null, null, null, null);
    }

    private static int[] predictedAt(int[] predictions, int[] indices) {
        int[] predicted = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            predicted[i] = predictions[indices[i]];
        }
        return predicted;
    }

    /** The cell's settings as a JSON object (the settings that apply to its optimizer). */
    static Map<String, Object> settingsOf(CellSpec cell) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = SETTINGS_MAPPER.convertValue(cell.settings(), LinkedHashMap.class);
        return map;
    }
}
