package org.lenetlab.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lenetlab.plan.Precision;
import org.lenetlab.spec.AugmentationSpec;
import org.lenetlab.spec.ExperimentSpec;
import org.lenetlab.spec.LoadedExperiment;
import org.lenetlab.spec.LoadedModel;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.spec.TrainingSpec;
import org.lenetlab.train.TrainingSettings;

/**
 * Expands an experiment into its cells, each with its model's plan (made once when the spec was read): models × backends × every combination of swept settings × seeds, in that
 * nesting order (seeds innermost, so the cells of one group are adjacent). Each model's settings are its own (the
 * experiment's, or those of a model entry with its own {@code training} fields), and so are its sweep axes: a cell
 * id names the axes swept for its model only, so a model whose settings sweep nothing has the cell id it would have
 * in an experiment of its own. Settings that do not apply to a cell's
 * optimizer (momentum for Adam, betas for SGD, μ and the curvature sample size for both) are dropped, and the
 * duplicates this creates are removed. A learning-rate schedule is not an axis: every cell follows it, and so do
 * the initial weights.
 */
public final class ExperimentMatrix {
    private ExperimentMatrix() {
    }

    /**
     * The cells of {@code experiment}.
     *
     * @param backendOverride backends to use instead of the spec's, or empty for the spec's
     * @param epochsOverride  epochs to use instead of the spec's, or {@code null}
     * @param trainLimit      training-set limit to use instead of the spec's, or {@code null}
     */
    public static List<Cell> expand(LoadedExperiment experiment, List<String> backendOverride,
                                    Integer epochsOverride, Integer trainLimit) {
        ExperimentSpec spec = experiment.spec();
        List<String> backends = backendOverride.isEmpty() ? spec.backends() : backendOverride;
        Integer limit = trainLimit != null ? trainLimit : spec.dataset().trainLimit();
        TrainingSpec experimentTraining = spec.training();
        Path initialWeights = experimentTraining.initialWeights() == null ? null
                : SpecReader.resolveRelative(experiment.file(), experimentTraining.initialWeights());
        List<Cell> cells = new ArrayList<>();
        for (int m = 0; m < experiment.models().size(); m++) {
            LoadedModel model = experiment.models().get(m);
            Grid grid = grid(experiment.trainings().get(m), epochsOverride, limit);
            for (String backend : backends) {
                for (TrainingSettings s : grid.settings()) {
                    for (long seed : spec.seeds()) {
                        String id = model.spec().name() + "/" + backend + sweptPart(grid.swept(), s) + "/seed=" + seed;
                        cells.add(new Cell(new CellSpec(id, model.spec().withoutSchema(), backend, seed, s,
                                spec.dataset()), model.plan(), initialWeights));
                    }
                }
            }
        }
        return cells;
    }

    /** Every distinct combination of one model's training settings, and the names of the axes swept. */
    private record Grid(Set<TrainingSettings> settings, List<String> swept) {
    }

    private static Grid grid(TrainingSpec t, Integer epochsOverride, Integer limit) {
        List<Integer> epochs = epochsOverride != null ? List.of(epochsOverride) : t.epochs();
        Map<String, List<?>> axes = new LinkedHashMap<>();
        axes.put("epochs", epochs);
        axes.put("batchSize", t.batchSize());
        axes.put("optimizer", t.optimizer());
        axes.put("learningRate", t.learningRateSchedule() != null
                ? List.of(t.learningRateSchedule().get(0).learningRate()) : t.learningRate());
        axes.put("momentum", t.momentum());
        axes.put("beta1", t.beta1());
        axes.put("beta2", t.beta2());
        axes.put("epsilon", t.epsilon());
        axes.put("weightDecay", t.weightDecay());
        axes.put("normalization", t.normalization());
        axes.put("mu", t.mu() == null ? List.of(TrainingSpec.DEFAULT_MU) : t.mu());
        axes.put("hessianSamples", t.hessianSamples() == null ? List.of(TrainingSpec.DEFAULT_HESSIAN_SAMPLES)
                : t.hessianSamples());
        axes.put("precision", t.precision() == null ? List.of(Precision.FLOAT32) : t.precision());
        axes.put("augmentation", t.augmentation() == null ? java.util.Collections.singletonList(null)
                : t.augmentation().stream().map(a -> AugmentationSpec.distorts(a) ? a : null).toList());

        List<Map<String, Object>> combos = new ArrayList<>();
        combine(new ArrayList<>(axes.entrySet()), 0, new LinkedHashMap<>(), combos);
        Set<TrainingSettings> settings = new LinkedHashSet<>();
        for (Map<String, Object> c : combos) {
            OptimizerKind opt = (OptimizerKind) c.get("optimizer");
            boolean sgd = opt == OptimizerKind.SGD;
            boolean adam = opt == OptimizerKind.ADAM;
            boolean sdlm = opt == OptimizerKind.SDLM;
            settings.add(new TrainingSettings((Integer) c.get("epochs"), (Integer) c.get("batchSize"), opt,
                    (Double) c.get("learningRate"), sgd ? (Double) c.get("momentum") : null,
                    adam ? (Double) c.get("beta1") : null, adam ? (Double) c.get("beta2") : null,
                    adam ? (Double) c.get("epsilon") : null, (Double) c.get("weightDecay"),
                    (Normalization) c.get("normalization"), t.evaluationBatchSize(), limit,
                    t.learningRateSchedule(), sdlm ? (Double) c.get("mu") : null,
                    sdlm ? (Integer) c.get("hessianSamples") : null, (Precision) c.get("precision"),
                    t.initialWeights(), t.initialWeightsSha256(), (AugmentationSpec) c.get("augmentation")));
        }
        List<String> swept = axes.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
        return new Grid(settings, swept);
    }

    private static void combine(List<Map.Entry<String, List<?>>> axes, int i, Map<String, Object> current,
                                List<Map<String, Object>> out) {
        if (i == axes.size()) {
            out.add(new LinkedHashMap<>(current));
            return;
        }
        for (Object v : axes.get(i).getValue()) {
            current.put(axes.get(i).getKey(), v);
            combine(axes, i + 1, current, out);
        }
        current.remove(axes.get(i).getKey());
    }

    private static String sweptPart(List<String> swept, TrainingSettings s) {
        if (swept.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String axis : swept) {
            Object v = switch (axis) {
                case "epochs" -> s.epochs();
                case "augmentation" -> s.augmentation() == null ? "none"
                        : s.augmentation().name() != null ? s.augmentation().name() : "on";
                case "batchSize" -> s.batchSize();
                case "optimizer" -> s.optimizer().jsonName();
                case "learningRate" -> s.learningRate();
                case "momentum" -> s.momentum();
                case "beta1" -> s.beta1();
                case "beta2" -> s.beta2();
                case "epsilon" -> s.epsilon();
                case "weightDecay" -> s.weightDecay();
                case "normalization" -> s.normalization().mean() + ":" + s.normalization().std();
                case "mu" -> s.mu();
                case "hessianSamples" -> s.hessianSamples();
                case "precision" -> s.precision().jsonName();
                default -> throw new IllegalStateException(axis);
            };
            if (v != null) {
                parts.add(axis + "=" + (v instanceof Double d ? format(d) : v));
            }
        }
        return "/" + String.join(",", parts);
    }

    private static String format(double d) {
        String s = String.format(Locale.ROOT, "%s", d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
