package org.lenetlab.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointException;
import org.lenetlab.io.InputFileException;
import org.lenetlab.io.InputFiles;
import org.lenetlab.io.InputKind;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;

/**
 * Reads model and experiment spec files strictly: unknown fields, wrong types, duplicate keys and coercions
 * (a string where a number goes) are errors. Every problem is a {@link SpecProblem} with file, line, column and
 * JSON path; {@link SpecException} carries them all.
 */
public final class SpecReader {
    /** Largest spec file accepted, in bytes. */
    public static final long MAX_SPEC_BYTES = InputKind.SPEC.maxBytes();

    private final ObjectMapper mapper;

    /** A reader with the strict settings. */
    public SpecReader() {
        this.mapper = strictMapper();
    }

    /** The strict mapper used for specs; also fit for writing them back. */
    public static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual, LogicalType.Enum)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * Reads and plans a model spec file.
     *
     * @param classes the number of outputs required of the model, or 0 to skip that check
     */
    public LoadedModel readModel(Path file, int classes) {
        Document doc = Document.read(file, JsonPath.ROOT, null);
        ModelSpec spec = doc.bind(mapper, ModelSpec.class);
        List<SpecProblem> problems = new ArrayList<>();
        ModelPlan plan = plan(spec, classes, false, problems);
        doc.throwIfAny(problems, mapper);
        return new LoadedModel(spec, plan, file, file.toString());
    }

    /** Reads and plans a model spec file, checking that it fits MNIST (1×28×28 in, 10 classes out). */
    public LoadedModel readMnistModel(Path file) {
        Document doc = Document.read(file, JsonPath.ROOT, null);
        return fittedModel(doc, file, file.toString(), DatasetSpec.MNIST);
    }

    /**
     * Reads one {@code augmentation} object (as in a spec's {@code training.augmentation}) from a file, and checks
     * it as a spec's is checked.
     */
    public AugmentationSpec readAugmentation(Path file) {
        return augmentation(Document.read(file, JsonPath.ROOT, null));
    }

    /**
     * Reads one {@code augmentation} object given as JSON text, e.g. on the command line; problems name
     * {@code shownAs} where a spec's would name its file.
     */
    public AugmentationSpec readAugmentation(String json, String shownAs) {
        return augmentation(new Document(Path.of(shownAs), json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null));
    }

    private AugmentationSpec augmentation(Document doc) {
        AugmentationSpec spec = doc.bind(mapper, AugmentationSpec.class);
        List<SpecProblem> problems = new ArrayList<>();
        AugmentationChecks.check(List.of(spec), JsonPath.ROOT, problems);
        doc.throwIfAny(problems, mapper);
        return spec;
    }

    private LoadedModel fittedModel(Document doc, Path shown, String source, DatasetSpec dataset) {
        ModelSpec spec = doc.bind(mapper, ModelSpec.class);
        List<SpecProblem> problems = new ArrayList<>();
        ModelPlan plan = plan(spec, dataset, problems);
        doc.throwIfAny(problems, mapper);
        return new LoadedModel(spec, plan, shown, source);
    }

    /**
     * Reads an experiment spec and every model it names, and checks everything that can be checked before training.
     *
     * @param file          the experiment spec
     * @param knownBackends names of the backends found, or {@code null} to skip checking backend names
     */
    public LoadedExperiment readExperiment(Path file, Collection<String> knownBackends) {
        Document doc = Document.read(file, JsonPath.ROOT, null);
        ExperimentSpec spec = doc.bind(mapper, ExperimentSpec.class);
        List<SpecProblem> problems = new ArrayList<>();
        JsonPath root = JsonPath.ROOT;
        if (spec.experiment() == null || spec.experiment().isBlank()) {
            problems.add(SpecProblem.at(root.field("experiment"), "missing required field 'experiment' (the experiment's name)"));
        }
        DatasetSpec dataset = spec.dataset();
        Path specDir = file.toAbsolutePath().getParent();
        int problemsBefore = problems.size();
        DatasetChecks.check(dataset, root.field("dataset"), specDir, problems);
        // the models are checked against the data set when it is sound, else against MNIST's shape and classes
        DatasetSpec fitTo = problems.size() == problemsBefore ? dataset : DatasetSpec.MNIST;
        int beforeTraining = problems.size();
        checkTraining(spec.training(), root.field("training"), problems);
        boolean trainingSound = problems.size() == beforeTraining;
        nonEmptyDistinct(spec.seeds(), root.field("seeds"), "seed", problems);
        nonEmptyDistinct(spec.backends(), root.field("backends"), "backend", problems);
        if (knownBackends != null && spec.backends() != null) {
            for (int i = 0; i < spec.backends().size(); i++) {
                String b = spec.backends().get(i);
                if (b != null && !knownBackends.contains(b)) {
                    problems.add(SpecProblem.at(root.field("backends").index(i), "unknown backend '" + b
                            + "'; backends found: " + (knownBackends.isEmpty() ? "none" : String.join(", ", knownBackends))));
                }
            }
        }
        List<LoadedModel> models = new ArrayList<>();
        if (spec.models() == null || spec.models().isEmpty()) {
            problems.add(SpecProblem.at(root.field("models"), spec.models() == null
                    ? "missing required field 'models' (model spec paths or inline model specs)"
                    : "an experiment needs at least one model"));
        } else {
            List<SpecException> modelFailures = new ArrayList<>();
            for (int i = 0; i < spec.models().size(); i++) {
                JsonPath at = root.field("models").index(i);
                ModelReference ref = spec.models().get(i);
                if (ref == null) {
                    problems.add(SpecProblem.at(at, "a model is a path (string) or an inline model spec (object), not null"));
                    continue;
                }
                try {
                    LoadedModel model = ref.path() != null
                            ? loadModelFile(file, ref.path(), at, doc, fitTo)
                            : loadInlineModel(ref.inline(), at, fitTo);
                    if (model != null) {
                        if (models.stream().anyMatch(m -> m.spec().name().equals(model.spec().name()))) {
                            problems.add(SpecProblem.at(at, "two models are named '" + model.spec().name()
                                    + "'; model names must differ within an experiment"));
                        } else {
                            models.add(model);
                        }
                    }
                } catch (SpecException e) {
                    if (e.problems().stream().allMatch(p -> file.equals(p.file()))) {
                        problems.addAll(e.problems());
                    } else {
                        modelFailures.add(e);
                    }
                }
            }
            for (SpecException e : modelFailures) {
                problems.addAll(e.problems());
            }
        }
        if (spec.models() != null && spec.training() != null) {
            for (int i = 0; i < spec.models().size(); i++) {
                ModelReference ref = spec.models().get(i);
                if (ref != null && ref.training() != null) {
                    checkOwnTraining(spec.training(), ref.training(), root.field("models").index(i).field("training"),
                            trainingSound, problems);
                }
            }
        }
        doc.throwIfAny(problems, mapper);
        if (spec.training().initialWeights() != null) {
            String sha = checkInitialWeights(file, spec.training(), models, root.field("training")
                    .field("initialWeights"), problems);
            doc.throwIfAny(problems, mapper);
            spec = new ExperimentSpec(spec.schema(), spec.experiment(), spec.description(), spec.models(),
                    spec.dataset(), spec.training().withInitialWeightsSha256(sha), spec.seeds(), spec.backends());
        }
        ExperimentSpec resolved = new ExperimentSpec(spec.schema(), spec.experiment(), spec.description(),
                spec.models(), dataset.resolvedAgainst(specDir), spec.training(), spec.seeds(), spec.backends());
        List<TrainingSpec> trainings = new ArrayList<>();
        for (ModelReference ref : spec.models()) {
            trainings.add(ref.training() == null ? spec.training() : withOwnTraining(spec.training(), ref.training()));
        }
        return new LoadedExperiment(file, resolved, models, trainings);
    }

    /** Fields of the experiment's training that one model may not set for itself. */
    private static final List<String> EXPERIMENT_WIDE = List.of("initialWeights", "initialWeightsSha256");

    /**
     * Checks a model entry's own training fields: none of the experiment-wide ones, and the settings they give
     * together with the experiment's (when those are sound, so that a problem of the experiment's own is not
     * repeated for every model).
     */
    private static void checkOwnTraining(TrainingSpec experiment, ObjectNode own, JsonPath at, boolean experimentSound,
                                  List<SpecProblem> problems) {
        boolean wide = false;
        for (String field : EXPERIMENT_WIDE) {
            if (own.has(field)) {
                problems.add(SpecProblem.at(at.field(field), "'" + field + "' applies to every model of an experiment;"
                        + " set it in the experiment's 'training', not in one model's"));
                wide = true;
            }
        }
        if (experimentSound && !wide) {
            checkTraining(withOwnTraining(experiment, own), at, problems);
        }
    }

    /**
     * The training settings of a model entry with its own {@code training} fields: the experiment's, with every
     * field the entry gives replaced by the entry's. {@code learningRate} and {@code learningRateSchedule} are one
     * setting: an entry that gives either replaces both.
     */
    public static TrainingSpec withOwnTraining(TrainingSpec experiment, ObjectNode own) {
        ObjectMapper mapper = strictMapper();
        ObjectNode merged = mapper.valueToTree(experiment);
        if (own.has("learningRate") || own.has("learningRateSchedule")) {
            merged.remove(List.of("learningRate", "learningRateSchedule"));
        }
        merged.setAll(own);
        try {
            return mapper.treeToValue(merged, TrainingSpec.class);
        } catch (JsonProcessingException e) {
            // both halves were bound as TrainingSpec when the spec was read
            throw new IllegalStateException("cannot merge a model's training settings: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * {@code relative}, a path written in the spec {@code specFile}, resolved against the spec's directory as model
     * paths are.
     */
    public static Path resolveRelative(Path specFile, String relative) {
        Path dir = specFile.toAbsolutePath().getParent();
        return dir.resolve(relative).normalize();
    }

    /**
     * Checks the checkpoint of {@code initialWeights} before any training: that it reads, that it has the digest the
     * spec pins (if it pins one), and that every parameter of every model is in it with its shape. Adds problems;
     * returns the file's SHA-256.
     */
    private static String checkInitialWeights(Path file, TrainingSpec training, List<LoadedModel> models,
                                              JsonPath at, List<SpecProblem> problems) {
        String relative = training.initialWeights();
        if (relative.isBlank()) {
            problems.add(SpecProblem.at(at, "the path of a checkpoint must not be empty"));
            return null;
        }
        Path checkpointFile;
        try {
            checkpointFile = resolveRelative(file, relative);
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(SpecProblem.at(at, "'" + relative + "' is not a valid path: " + e.getReason()));
            return null;
        }
        if (!Files.isRegularFile(checkpointFile)) {
            problems.add(SpecProblem.at(at, "checkpoint '" + relative + "' " + (Files.exists(checkpointFile)
                    ? "is not a file" : "not found") + " (looked for " + checkpointFile + ")"));
            return null;
        }
        try {
            String sha = Checkpoint.fileSha256(checkpointFile);
            String pinned = training.initialWeightsSha256();
            if (pinned != null && !pinned.equalsIgnoreCase(sha)) {
                problems.add(SpecProblem.at(at.parent().field("initialWeightsSha256"), "checkpoint '" + relative
                        + "' has SHA-256 " + sha + ", not the " + pinned + " the spec names"));
                return null;
            }
            Checkpoint checkpoint = Checkpoint.read(checkpointFile);
            for (LoadedModel model : models) {
                try {
                    checkpoint.checkFits(model.plan());
                } catch (CheckpointException e) {
                    problems.add(SpecProblem.at(at, "checkpoint '" + relative + "' does not fit model '"
                            + model.spec().name() + "': " + e.getMessage()));
                }
            }
            return sha;
        } catch (CheckpointException e) {
            problems.add(SpecProblem.at(at, "checkpoint '" + relative + "' cannot be used: " + e.getMessage()));
            return null;
        }
    }

    private LoadedModel loadModelFile(Path experimentFile, String relative, JsonPath at, Document experimentDoc,
                                      DatasetSpec dataset) {
        if (relative.isBlank()) {
            throw experimentDoc.exception(SpecProblem.at(at, "a model path must not be empty"));
        }
        Path dir = experimentFile.toAbsolutePath().getParent();
        Path modelFile;
        Path shown;
        try {
            modelFile = dir.resolve(relative).normalize();
            shown = experimentFile.getParent() == null ? Path.of(relative)
                    : experimentFile.getParent().resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw experimentDoc.exception(SpecProblem.at(at, "'" + relative + "' is not a valid path: " + e.getReason()));
        }
        if (modelFile.equals(experimentFile.toAbsolutePath().normalize())) {
            throw experimentDoc.exception(SpecProblem.at(at, "the experiment names itself as a model"));
        }
        if (Files.isDirectory(modelFile)) {
            throw experimentDoc.exception(SpecProblem.at(at, "model path '" + relative + "' is a directory, not a model spec file"));
        }
        if (!Files.exists(modelFile)) {
            throw experimentDoc.exception(SpecProblem.at(at, "model file '" + relative + "' not found (looked for " + modelFile + ")"));
        }
        return fittedModel(Document.read(shown, JsonPath.ROOT, at), shown, relative, dataset);
    }

    private LoadedModel loadInlineModel(ModelSpec spec, JsonPath at, DatasetSpec dataset) {
        List<SpecProblem> problems = new ArrayList<>();
        ModelPlan plan = plan(spec, dataset, problems);
        if (!problems.isEmpty()) {
            throw new SpecException(problems.stream()
                    .map(p -> SpecProblem.at(p.path().under(at), p.message()))
                    .collect(Collectors.toList()));
        }
        return new LoadedModel(spec, plan, null, "inline");
    }

    /**
     * The one place a model spec read here is planned: {@link ModelPlanner} with the data set's number of classes,
     * and the check of the input shape against the data set's images. Adds problems; returns {@code null} when there
     * are any.
     */
    private static ModelPlan plan(ModelSpec spec, int classes, boolean mnist, List<SpecProblem> problems) {
        return mnist ? plan(spec, DatasetSpec.MNIST, problems) : planned(ModelPlanner.plan(spec, classes, problems),
                problems);
    }

    private static ModelPlan plan(ModelSpec spec, DatasetSpec dataset, List<SpecProblem> problems) {
        ModelPlan plan = ModelPlanner.plan(spec, dataset.classCount(), problems);
        checkInput(spec, dataset, JsonPath.ROOT, problems);
        return planned(plan, problems);
    }

    private static ModelPlan planned(ModelPlan plan, List<SpecProblem> problems) {
        return problems.isEmpty() ? plan : null;
    }

    /** The model's input must be what the data set's 1×H×W images become after the model's preprocessing. */
    private static void checkInput(ModelSpec spec, DatasetSpec dataset, JsonPath root, List<SpecProblem> problems) {
        InputSpec in = spec.input();
        PreprocessingSpec pre = spec.preprocessingOrIdentity();
        if (pre.padding() == null || pre.padding() < 0) {
            return; // reported by the planner
        }
        InputSpec images = dataset.shape();
        int height = images.height() + 2 * pre.padding();
        int width = images.width() + 2 * pre.padding();
        if (in.channels() != 1 || in.height() != height || in.width() != width) {
            String shape = "1×" + images.height() + "×" + images.width();
            String text = pre.padding() == 0 ? dataset.name() + " images are " + shape
                    : dataset.name() + " images are " + shape + ", 1×" + height + "×" + width
                    + " after the preprocessing's padding of " + pre.padding() + ",";
            problems.add(SpecProblem.at(root.field("input"), text + " but the model's input is "
                    + in.channels() + "×" + in.height() + "×" + in.width()));
        }
    }

    private static void checkTraining(TrainingSpec t, JsonPath at, List<SpecProblem> problems) {
        if (t == null) {
            problems.add(SpecProblem.at(at, "missing required field 'training' (epochs, batchSize, optimizer, learningRate, ...)"));
            return;
        }
        axis(t.epochs(), at, "epochs", "the number of passes over the training set", problems,
                v -> Limits.outside(v, Limits.MAX_EPOCHS));
        axis(t.batchSize(), at, "batchSize", "the mini-batch size", problems,
                v -> Limits.outside(v, Limits.MAX_TRAIN_IMAGES));
        axis(t.optimizer(), at, "optimizer", "sgd, adam or sdlm", problems, v -> null);
        if (t.learningRateSchedule() == null) {
            axis(t.learningRate(), at, "learningRate", "the step size, or a 'learningRateSchedule'", problems,
                    v -> !(v > 0) || !Double.isFinite(v) ? "must be a positive number, got " + v : null);
        } else if (t.learningRate() != null) {
            problems.add(SpecProblem.at(at.field("learningRateSchedule"),
                    "give either 'learningRate' or 'learningRateSchedule', not both"));
        } else {
            checkSchedule(t.learningRateSchedule(), at.field("learningRateSchedule"), problems);
        }
        if (t.mu() != null) {
            axis(t.mu(), at, "mu", "", problems,
                    v -> !(v >= 0) || !Double.isFinite(v) ? "must be a non-negative number, got " + v : null);
        }
        if (t.hessianSamples() != null) {
            axis(t.hessianSamples(), at, "hessianSamples", "", problems,
                    v -> Limits.outside(v, Limits.MAX_TRAIN_IMAGES));
        }
        if (t.precision() != null) {
            axis(t.precision(), at, "precision", "", problems, v -> null);
        }
        axis(t.momentum(), at, "momentum", "", problems, v -> !(v >= 0 && v < 1) ? "must be in [0, 1), got " + v : null);
        axis(t.beta1(), at, "beta1", "", problems, v -> !(v >= 0 && v < 1) ? "must be in [0, 1), got " + v : null);
        axis(t.beta2(), at, "beta2", "", problems, v -> !(v >= 0 && v < 1) ? "must be in [0, 1), got " + v : null);
        axis(t.epsilon(), at, "epsilon", "", problems,
                v -> !(v > 0) || !Double.isFinite(v) ? "must be a positive number, got " + v : null);
        axis(t.weightDecay(), at, "weightDecay", "", problems,
                v -> !(v >= 0) || !Double.isFinite(v) ? "must be a non-negative number, got " + v : null);
        List<Normalization> norms = t.normalization();
        if (norms.isEmpty()) {
            problems.add(SpecProblem.at(at.field("normalization"), "an empty list leaves nothing to run; give at least one value"));
        }
        for (int i = 0; i < norms.size(); i++) {
            Normalization n = norms.get(i);
            JsonPath p = norms.size() == 1 ? at.field("normalization") : at.field("normalization").index(i);
            if (n == null) {
                problems.add(SpecProblem.at(p, "must be an object {\"mean\": ..., \"std\": ...}, not null"));
            } else if (!(n.std() > 0) || !Double.isFinite(n.std())) {
                problems.add(SpecProblem.at(p.field("std"), "must be a positive number, got " + n.std()));
            } else if (!Double.isFinite(n.mean())) {
                problems.add(SpecProblem.at(p.field("mean"), "must be a finite number, got " + n.mean()));
            }
        }
        if (Limits.outside(t.evaluationBatchSize(), Limits.MAX_EVALUATION_BATCH) != null) {
            problems.add(SpecProblem.at(at.field("evaluationBatchSize"),
                    Limits.outside(t.evaluationBatchSize(), Limits.MAX_EVALUATION_BATCH)));
        }
        if (t.augmentation() != null) {
            AugmentationChecks.check(t.augmentation(), at.field("augmentation"), problems);
        }
    }

    private static void checkSchedule(List<LearningRateStep> schedule, JsonPath at, List<SpecProblem> problems) {
        if (schedule.isEmpty()) {
            problems.add(SpecProblem.at(at, "an empty schedule gives no learning rate; give at least one step"));
            return;
        }
        int previous = 0;
        for (int i = 0; i < schedule.size(); i++) {
            LearningRateStep step = schedule.get(i);
            JsonPath p = at.index(i);
            if (step == null) {
                problems.add(SpecProblem.at(p, "must be an object {\"fromEpoch\": ..., \"learningRate\": ...}, not null"));
                return;
            }
            if (step.fromEpoch() == null) {
                problems.add(SpecProblem.at(p, "missing required field 'fromEpoch' (the first epoch of this step)"));
                return;
            }
            if (step.learningRate() == null) {
                problems.add(SpecProblem.at(p, "missing required field 'learningRate' (the rate from that epoch on)"));
            } else if (!(step.learningRate() > 0) || !Double.isFinite(step.learningRate())) {
                problems.add(SpecProblem.at(p.field("learningRate"), "must be a positive number, got "
                        + step.learningRate()));
            }
            if (i == 0 && step.fromEpoch() != 1) {
                problems.add(SpecProblem.at(p.field("fromEpoch"), "the first step must start at epoch 1, got "
                        + step.fromEpoch()));
            } else if (i > 0 && step.fromEpoch() <= previous) {
                problems.add(SpecProblem.at(p.field("fromEpoch"), "steps must start at increasing epochs, but "
                        + step.fromEpoch() + " follows " + previous));
            }
            previous = step.fromEpoch();
        }
    }

    private static <T> void axis(List<T> values, JsonPath at, String field, String what, List<SpecProblem> problems,
                                 Function<T, String> check) {
        JsonPath p = at.field(field);
        if (values == null) {
            problems.add(SpecProblem.at(at, "missing required field '" + field + "' (" + what + ")"));
            return;
        }
        if (values.isEmpty()) {
            problems.add(SpecProblem.at(p, "an empty list leaves nothing to run; give at least one value"));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            JsonPath vp = values.size() == 1 ? p : p.index(i);
            T v = values.get(i);
            if (v == null) {
                problems.add(SpecProblem.at(vp, "must not be null"));
                continue;
            }
            String error = check.apply(v);
            if (error != null) {
                problems.add(SpecProblem.at(vp, error));
            }
            if (values.indexOf(v) != i) {
                problems.add(SpecProblem.at(vp, "value " + display(v) + " is listed twice"));
            }
        }
    }

    /** A value as specs write it: an enum by its JSON name, anything else as it prints. */
    private static String display(Object value) {
        if (value instanceof OptimizerKind k) {
            return k.jsonName();
        }
        if (value instanceof Precision p) {
            return p.jsonName();
        }
        return String.valueOf(value);
    }

    private static <T> void nonEmptyDistinct(List<T> values, JsonPath at, String what, List<SpecProblem> problems) {
        if (values.isEmpty()) {
            problems.add(SpecProblem.at(at, "an empty list leaves nothing to run; give at least one " + what));
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                problems.add(SpecProblem.at(at.index(i), "a " + what + " must not be null"));
            } else if (values.indexOf(values.get(i)) != i) {
                problems.add(SpecProblem.at(at.index(i), what + " " + values.get(i) + " is listed twice"));
            }
        }
    }

    /** One spec file's bytes with the locations of its values. */
    private static final class Document {
        private final Path file;
        private final byte[] bytes;
        private final JsonPath referencedFrom;
        private JsonLocations locations;

        private Document(Path file, byte[] bytes, JsonPath referencedFrom) {
            this.file = file;
            this.bytes = bytes;
            this.referencedFrom = referencedFrom;
        }

        static Document read(Path file, JsonPath root, JsonPath referencedFrom) {
            if (!Files.exists(file)) {
                throw new SpecException(new SpecProblem(file, 0, 0, root, "file not found"));
            }
            try {
                return new Document(file, InputFiles.readAllBytes(file, InputKind.SPEC), referencedFrom);
            } catch (InputFileException e) {
                throw new SpecException(new SpecProblem(file, 0, 0, root, e.problem()));
            }
        }

        <T> T bind(ObjectMapper mapper, Class<T> type) {
            if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                throw exception(SpecProblem.at(JsonPath.ROOT, "the file is empty; expected a JSON object"));
            }
            try {
                T value = mapper.readValue(bytes, type);
                if (value == null) {
                    throw exception(SpecProblem.at(JsonPath.ROOT, "expected a JSON object, got null"));
                }
                return value;
            } catch (JsonProcessingException e) {
                throw new SpecException(List.of(translate(e, mapper)));
            } catch (IOException e) {
                throw exception(SpecProblem.at(JsonPath.ROOT, "cannot be read: " + e.getMessage()));
            }
        }

        SpecException exception(SpecProblem problem) {
            return new SpecException(List.of(locate(problem, null)));
        }

        void throwIfAny(List<SpecProblem> problems, ObjectMapper mapper) {
            if (!problems.isEmpty()) {
                throw new SpecException(problems.stream().map(p -> p.file() == null ? locate(p, mapper) : p)
                        .collect(Collectors.toList()));
            }
        }

        private JsonLocations locations(ObjectMapper mapper) {
            if (locations == null) {
                locations = JsonLocations.index((mapper == null ? strictMapper() : mapper).getFactory(), bytes);
            }
            return locations;
        }

        /**
         * A setting written as a single value is bound as a one-element list, and Jackson's path then ends in
         * {@code [0]}; drop that index when the document has no array there.
         */
        private JsonPath withoutImpliedIndex(JsonPath path, ObjectMapper mapper) {
            if (path.isRoot() || !path.toPointer().endsWith("/0")) {
                return path;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode parent = mapper.readTree(bytes).at(path.parent().toPointer());
                return parent.isArray() ? path : path.parent();
            } catch (IOException | IllegalArgumentException ex) {
                return path;
            }
        }

        private SpecProblem locate(SpecProblem problem, ObjectMapper mapper) {
            JsonLocation loc = locations(mapper).find(problem.path());
            return problem.located(file, Math.max(0, loc.getLineNr()), Math.max(0, loc.getColumnNr()));
        }

        private SpecProblem translate(JsonProcessingException e, ObjectMapper mapper) {
            JsonLocation loc = e.getLocation() == null ? JsonLocation.NA : e.getLocation();
            JsonPath path = JsonPath.ROOT;
            String message;
            if (e instanceof JsonMappingException m) {
                for (JsonMappingException.Reference r : m.getPath()) {
                    path = r.getFieldName() != null ? path.field(r.getFieldName()) : path.index(r.getIndex());
                }
                path = withoutImpliedIndex(path, mapper);
                // Creator-bound objects report some problems at the object's end; the value's own start is better.
                JsonLocation own = locations(mapper).exact(path);
                if (own != null) {
                    loc = own;
                }
            } else if (e instanceof JsonParseException p && p.getProcessor() != null) {
                path = fromPointer(p.getProcessor().getParsingContext().pathAsPointer().toString());
            }
            // Databind wraps parser errors met while binding a nested value; classify by the parser's error.
            JsonProcessingException kind = e instanceof JsonMappingException && e.getCause() instanceof JsonProcessingException c
                    && !(c instanceof JsonMappingException) ? c : e;
            if (kind != e && kind.getLocation() != null) {
                loc = kind.getLocation();
            }
            if (kind instanceof InputCoercionException c) {
                message = "number " + safeText(c) + " is out of range for " + describe(c.getTargetType());
            } else if (kind instanceof JsonParseException p) {
                message = "invalid JSON: " + firstLine(p.getOriginalMessage());
            } else if (e instanceof UnrecognizedPropertyException u) {
                List<String> known = u.getKnownPropertyIds() == null ? List.of()
                        : u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.toList());
                message = "unknown field '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : "; known fields: " + String.join(", ", known));
            } else if (e instanceof InvalidTypeIdException t) {
                String known = knownTypes(t.getBaseType().getRawClass());
                String what = t.getBaseType().getRawClass() == LayerSpec.class ? "layer type" : "type";
                message = t.getTypeId() == null
                        ? "missing field \"type\"; known " + what + "s: " + known
                        : "unknown " + what + " '" + t.getTypeId() + "'; known " + what + "s: " + known;
            } else if (e instanceof InvalidFormatException f) {
                message = "expected " + describe(f.getTargetType()) + ", got " + quote(f.getValue());
            } else if (e instanceof MismatchedInputException mi) {
                String original = mi.getOriginalMessage();
                if (original != null && original.startsWith("a model")) {
                    message = original;
                } else if (original != null && original.toLowerCase(Locale.ROOT).contains("trailing token")) {
                    message = "unexpected content after the end of the JSON document";
                } else if (original != null && original.contains("No content to map")) {
                    message = "the file is empty; expected a JSON object";
                } else {
                    message = "expected " + describe(mi.getTargetType()) + found(original);
                }
            } else {
                message = firstLine(e.getOriginalMessage());
            }
            return new SpecProblem(file, Math.max(0, loc.getLineNr()), Math.max(0, loc.getColumnNr()), path, message);
        }

        private static String safeText(InputCoercionException c) {
            String text = null;
            try {
                text = c.getProcessor() != null ? c.getProcessor().getText() : null;
            } catch (IOException ex) {
                // fall back to the message
            }
            if (text == null) {
                // Jackson 2.20 may have moved the parser on; its message quotes the value: "Numeric value (N) out ..."
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("value \\(([^)]*)\\)")
                        .matcher(String.valueOf(c.getOriginalMessage()));
                text = m.find() ? m.group(1) : "?";
            }
            return text;
        }
    }

    private static JsonPath fromPointer(String pointer) {
        JsonPath path = JsonPath.ROOT;
        if (pointer.isEmpty()) {
            return path;
        }
        for (String seg : pointer.substring(1).split("/", -1)) {
            String s = seg.replace("~1", "/").replace("~0", "~");
            path = s.matches("\\d+") ? path.index(Integer.parseInt(s)) : path.field(s);
        }
        return path;
    }

    private static String knownTypes(Class<?> base) {
        com.fasterxml.jackson.annotation.JsonSubTypes sub = base.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        if (sub == null) {
            return "?";
        }
        return Arrays.stream(sub.value()).map(com.fasterxml.jackson.annotation.JsonSubTypes.Type::name)
                .collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> { try { return (String) type.getMethod("jsonName").invoke(c); } catch (ReflectiveOperationException ex) { return c.toString(); } })
                    .collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isRecord() || type.isInterface()) {
            return "an object";
        }
        return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String found(String original) {
        if (original == null) {
            return "";
        }
        String lower = original.toLowerCase(Locale.ROOT);
        if (lower.contains("(token `jsontoken.")) {
            int s = original.indexOf("JsonToken.") + "JsonToken.".length();
            int end = original.indexOf('`', s);
            String token = end > s ? original.substring(s, end) : "";
            return ", got " + switch (token) {
                case "START_OBJECT" -> "an object";
                case "START_ARRAY" -> "an array";
                case "VALUE_STRING" -> "a string";
                case "VALUE_NUMBER_INT" -> "an integer";
                case "VALUE_NUMBER_FLOAT" -> "a number with a fraction";
                case "VALUE_TRUE", "VALUE_FALSE" -> "a boolean";
                case "VALUE_NULL" -> "null";
                default -> token.toLowerCase(Locale.ROOT);
            };
        }
        if (lower.contains("string value")) {
            return ", got a string";
        }
        if (lower.contains("floating-point value")) {
            return ", got a number with a fraction";
        }
        if (lower.contains("integer value")) {
            return ", got an integer";
        }
        if (lower.contains("boolean value")) {
            return ", got a boolean";
        }
        if (lower.contains("null")) {
            return ", got null";
        }
        return "";
    }

    private static String quote(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        // Jackson appends where a container started, as "(start marker at [Source: ...])" or
        // "(for root starting at [Source: ...])"; the problem's own line and column say enough.
        return line.replaceAll("\\s*\\((?:start marker at|for [^(]*starting at) \\[Source:.*$", "");
    }
}
