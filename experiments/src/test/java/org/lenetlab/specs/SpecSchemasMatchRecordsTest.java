package org.lenetlab.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.data.KnownDataset;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.Initializer;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Preprocessing;
import org.lenetlab.plan.Prototypes;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.ExperimentSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LearningRateStep;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.PreprocessingSpec;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.TrainingSpec;
import org.lenetlab.train.TrainingSettings;

/**
 * Keeps the JSON Schemas in step with the spec records in {@code org.lenetlab.spec}: the same fields, the same
 * enum names, the same defaults; and checks that the shipped specs read into the records and plan to the stated
 * parameter counts.
 */
class SpecSchemasMatchRecordsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode MODEL = ShippedSpecsSchemaTest.read(ShippedSpecsSchemaTest.SCHEMA_DIR.resolve("model.schema.json"));
    static final JsonNode EXPERIMENT =
            ShippedSpecsSchemaTest.read(ShippedSpecsSchemaTest.SCHEMA_DIR.resolve("experiment.schema.json"));

    @Test
    void objectSchemasHaveTheRecordsFields() {
        assertFields(ModelSpec.class, MODEL);
        assertFields(InputSpec.class, MODEL.at("/properties/input"));
        assertFields(ExperimentSpec.class, EXPERIMENT);
        assertFields(DatasetSpec.class, EXPERIMENT.at("/properties/dataset"));
        assertFields(TrainingSpec.class, EXPERIMENT.at("/properties/training"));
        assertFields(Normalization.class, EXPERIMENT.at("/$defs/normalization"));
        assertFields(PreprocessingSpec.class, MODEL.at("/properties/preprocessing"));
        assertFields(LearningRateStep.class, EXPERIMENT.at("/$defs/learningRateStep"));
        assertFields(RbfMapSpec.class, MODEL.at("/$defs/rbfMap"), "type");
    }

    @Test
    void everyLossTypeIsInTheSchema() throws ReflectiveOperationException {
        Set<String> types = new TreeSet<>();
        for (Class<?> lossClass : LossSpec.class.getPermittedSubclasses()) {
            String type = (String) lossClass.getField("TYPE").get(null);
            types.add(type);
            if (lossClass.getRecordComponents().length == 0) {
                assertTrue(strings(MODEL.at("/$defs/parameterlessLoss/properties/type/enum")).contains(type), type);
            }
        }
        assertEquals(types, strings(MODEL.at("/$defs/loss/properties/type/enum")));
    }

    @Test
    void everyLayerTypeHasASchemaWithTheRecordsFields() throws ReflectiveOperationException {
        Set<String> types = new TreeSet<>();
        for (Class<?> layerClass : LayerSpec.class.getPermittedSubclasses()) {
            String type = (String) layerClass.getField("TYPE").get(null);
            types.add(type);
            JsonNode schema = layerSchema(type);
            assertNotNull(schema, "no layer schema whose type is \"" + type + "\"");
            assertEquals(type, schema.at("/properties/type/const").asText());
            assertFields(layerClass, schema, "type");
        }
        assertEquals(types, strings(MODEL.at("/$defs/layer/properties/type/enum")));
        assertEquals(types.size(), MODEL.at("/$defs/layer/allOf").size());
    }

    @Test
    void enumsHaveTheRecordsNames() {
        assertEquals(names(Initializer.values(), Initializer::jsonName), strings(MODEL.at("/$defs/initializer/enum")));
        assertEquals(names(ActivationFunction.values(), ActivationFunction::jsonName),
                strings(MODEL.at("/$defs/activation/properties/function/enum")));
        assertEquals(names(RbfFunction.values(), RbfFunction::jsonName), strings(MODEL.at("/$defs/rbf/properties/kernel/enum")));
        assertEquals(Set.copyOf(Prototypes.NAMES), strings(MODEL.at("/$defs/rbf/properties/prototypes/enum")));
        assertEquals(names(OptimizerKind.values(), OptimizerKind::jsonName),
                strings(EXPERIMENT.at("/$defs/optimizerName/enum")));
        Set<String> known = KnownDataset.ALL.stream().map(KnownDataset::name).collect(Collectors.toSet());
        assertTrue(known.contains(DatasetSpec.MNIST.name()));
        assertEquals(known, strings(EXPERIMENT.at("/properties/dataset/then/properties/name/enum")));
        assertEquals(known, strings(EXPERIMENT.at("/properties/dataset/else/properties/name/not/enum")));
        assertEquals(names(Precision.values(), Precision::jsonName), strings(EXPERIMENT.at("/$defs/precisionName/enum")));
    }

    @Test
    void schemaDefaultsAreTheRecordsDefaults() throws IOException {
        ModelSpec model = JSON.readValue("{\"name\": \"m\", \"layers\": [{\"type\": \"flatten\"}]}", ModelSpec.class);
        assertEquals(MODEL.at("/properties/initializer/default").asText(), model.initializer().jsonName());
        assertEquals(MODEL.at("/properties/loss/default/type").asText(), model.loss().type());
        assertEquals(MODEL.at("/properties/input/default"), JSON.valueToTree(model.input()));
        assertEquals(MODEL.at("/properties/input/properties/channels/default").asInt(), model.input().channels());
        assertEquals(MODEL.at("/properties/input/properties/height/default").asInt(), model.input().height());
        assertEquals(MODEL.at("/properties/input/properties/width/default").asInt(), model.input().width());

        String layers = "[{\"type\": \"convolution\", \"filters\": 1, \"kernel\": 1}, {\"type\": \"max-pooling\"},"
                + " {\"type\": \"average-pooling\"}]";
        List<LayerSpec> parsed = JSON.readValue("{\"name\": \"m\", \"layers\": " + layers + "}", ModelSpec.class).layers();
        JsonNode convolution = JSON.valueToTree(parsed.get(0));
        assertEquals(MODEL.at("/$defs/convolution/properties/stride/default"), convolution.get("stride"));
        assertEquals(MODEL.at("/$defs/convolution/properties/padding/default"), convolution.get("padding"));
        for (int i = 1; i <= 2; i++) {
            JsonNode pooling = JSON.valueToTree(parsed.get(i));
            JsonNode schema = layerSchema(i == 1 ? "max-pooling" : "average-pooling");
            assertEquals(schema.at("/properties/size/default"), pooling.get("size"));
            assertEquals(pooling.get("size"), pooling.get("stride"), "pooling stride defaults to the size");
        }

        String lenet = "[{\"type\": \"activation\", \"function\": \"scaled-tanh\"}, {\"type\": \"subsampling\"},"
                + " {\"type\": \"rbf\", \"units\": 1}, {\"type\": \"rbf\", \"units\": 1, \"kernel\": \"gaussian\"}]";
        ModelSpec original = JSON.readValue("{\"name\": \"m\", \"layers\": " + lenet + ", \"preprocessing\": {},"
                + " \"loss\": {\"type\": \"rbf-map\"}}", ModelSpec.class);
        ActivationSpec squash = (ActivationSpec) original.layers().get(0);
        assertEquals(MODEL.at("/$defs/activation/properties/amplitude/default").asDouble(), squash.amplitude());
        assertEquals(MODEL.at("/$defs/activation/properties/slope/default").asDouble(), squash.slope());
        JsonNode subsampling = JSON.valueToTree(original.layers().get(1));
        assertEquals(MODEL.at("/$defs/subsampling/properties/size/default"), subsampling.get("size"));
        assertEquals(subsampling.get("size"), subsampling.get("stride"), "subsampling stride defaults to the size");
        RbfSpec euclidean = (RbfSpec) original.layers().get(2);
        assertEquals(MODEL.at("/$defs/rbf/properties/kernel/default").asText(), euclidean.kernel().jsonName());
        assertEquals(MODEL.at("/$defs/rbf/properties/trainable/default").asBoolean(), euclidean.trainable());
        assertNull(euclidean.sigma());
        assertEquals(MODEL.at("/$defs/rbf/properties/sigma/default").asDouble(), ((RbfSpec) original.layers().get(3)).sigma());
        assertEquals(MODEL.at("/$defs/rbfMap/properties/j/default").asDouble(), ((RbfMapSpec) original.loss()).j());
        PreprocessingSpec pre = original.preprocessing();
        JsonNode preSchema = MODEL.at("/properties/preprocessing/properties");
        assertEquals(preSchema.at("/padding/default").asInt(), pre.padding());
        assertEquals(preSchema.at("/background/default").asDouble(), pre.background());
        assertEquals(preSchema.at("/foreground/default").asDouble(), pre.foreground());
        assertTrue(new Preprocessing(pre.padding(), pre.background(), pre.foreground()).isIdentity(),
                "the schema's defaults leave images unchanged");
        // the record writes its fields and nothing derived (resolved specs, their hash and checkpoints hold it)
        Set<String> written = new TreeSet<>();
        JSON.valueToTree(pre).fieldNames().forEachRemaining(written::add);
        assertEquals(new TreeSet<>(Set.of("padding", "background", "foreground")), written);

        ExperimentSpec experiment = JSON.readValue("{\"experiment\": \"e\", \"models\": [\"m.json\"], \"training\": "
                + "{\"epochs\": 1, \"batchSize\": 1, \"optimizer\": \"sgd\", \"learningRate\": 0.1}}", ExperimentSpec.class);
        assertEquals(StreamSupport.stream(EXPERIMENT.at("/properties/seeds/default").spliterator(), false)
                .map(JsonNode::asLong).toList(), experiment.seeds());
        assertEquals(EXPERIMENT.at("/properties/backends/default"), JSON.valueToTree(experiment.backends()));
        assertEquals(EXPERIMENT.at("/properties/dataset/default/name").asText(), experiment.dataset().name());
        assertNull(experiment.dataset().trainLimit());

        TrainingSpec training = experiment.training();
        JsonNode t = EXPERIMENT.at("/properties/training/properties");
        assertEquals(t.at("/momentum/default").asDouble(), training.momentum().get(0));
        assertEquals(t.at("/beta1/default").asDouble(), training.beta1().get(0));
        assertEquals(t.at("/beta2/default").asDouble(), training.beta2().get(0));
        assertEquals(t.at("/epsilon/default").asDouble(), training.epsilon().get(0));
        assertEquals(t.at("/weightDecay/default").asDouble(), training.weightDecay().get(0));
        assertEquals(t.at("/normalization/default/mean").asDouble(), training.normalization().get(0).mean());
        assertEquals(t.at("/normalization/default/std").asDouble(), training.normalization().get(0).std());
        assertEquals(EXPERIMENT.at("/$defs/normalization/properties/mean/default").asDouble(), Normalization.NONE.mean());
        assertEquals(EXPERIMENT.at("/$defs/normalization/properties/std/default").asDouble(), Normalization.NONE.std());
        assertEquals(t.at("/evaluationBatchSize/default").asInt(), training.evaluationBatchSize());
        // SDLM's settings stay absent in the record (so other specs resolve as before); cells get these defaults
        assertNull(training.mu());
        assertNull(training.hessianSamples());
        assertEquals(t.at("/mu/default").asDouble(), org.lenetlab.spec.TrainingSpec.DEFAULT_MU);
        assertEquals(t.at("/hessianSamples/default").asInt(), org.lenetlab.spec.TrainingSpec.DEFAULT_HESSIAN_SAMPLES);
        assertNull(training.learningRateSchedule());
        // precision stays absent in the record too (specs without it hash as before); cells train in the default
        assertNull(training.precision());
        assertEquals(t.at("/precision/default").asText(), Precision.FLOAT32.jsonName());
        TrainingSettings cell = new TrainingSettings(1, 1, OptimizerKind.SGD, 0.1, 0.0, null, null, null, 0,
                Normalization.NONE, 1000, null, null, null, null, null);
        assertEquals(Precision.FLOAT32, cell.precision(), "a cell without a precision trains in the schema's default");
        assertNull(JSON.valueToTree(cell).get("precision"), "the default precision is left out of results");
        assertEquals("float64", JSON.valueToTree(new TrainingSettings(1, 1, OptimizerKind.SGD, 0.1, 0.0, null, null,
                null, 0, Normalization.NONE, 1000, null, null, null, null, Precision.FLOAT64)).get("precision").asText());
        TrainingSpec sweep = JSON.readValue("{\"epochs\": 1, \"batchSize\": 1, \"optimizer\": \"sgd\", "
                + "\"learningRate\": 0.1, \"precision\": [\"float32\", \"float64\"]}", TrainingSpec.class);
        assertEquals(List.of(Precision.FLOAT32, Precision.FLOAT64), sweep.precision());
        assertEquals(List.of(Precision.FLOAT64), JSON.readValue("{\"epochs\": 1, \"batchSize\": 1, \"optimizer\": "
                + "\"sgd\", \"learningRate\": 0.1, \"precision\": \"float64\"}", TrainingSpec.class).precision());
    }

    static Stream<Object[]> shippedModels() {
        return Stream.of(
                new Object[] {"lenet5-relu-maxpool", 44_426L},
                new Object[] {"lenet5-relu-maxpool-padded", 61_706L},
                new Object[] {"lenet5-sigmoid-avgpool", 61_706L},
                new Object[] {"lenet5-conv3x3", 61_610L},
                new Object[] {"lenet5-original", 60_000L},
                new Object[] {"lenet5-gaussian-rbf", 61_696L},
                new Object[] {"lenet1", 2_628L},
                new Object[] {"lenet4", 17_122L});
    }

    @ParameterizedTest
    @MethodSource("shippedModels")
    void shippedModelReadsIntoTheRecordAndPlans(String name, long parameters) throws IOException {
        Path file = ShippedSpecsSchemaTest.MODELS_DIR.resolve(name + ".json");
        ModelSpec spec = JSON.readValue(file.toFile(), ModelSpec.class);
        ModelPlan plan = ModelPlanner.plan(spec, 10);
        assertEquals(parameters, plan.trainableParameters(), name + " parameter count");
        assertEquals(name, plan.name());
    }

    static Stream<Path> experimentSpecs() {
        return ShippedSpecsSchemaTest.experimentSpecs();
    }

    @ParameterizedTest
    @MethodSource("experimentSpecs")
    void shippedExperimentReadsIntoTheRecord(Path file) throws IOException {
        ExperimentSpec spec = JSON.readValue(file.toFile(), ExperimentSpec.class);
        assertEquals(ShippedSpecsSchemaTest.baseName(file), spec.experiment());
        assertTrue(!spec.models().isEmpty() && spec.models().stream().allMatch(m -> m.path() != null),
                "shipped experiments name their models by path");
        // the paper's table trains every model as its own experiment does: the same model file, the same settings
        if (file.getFileName().toString().equals("paper-table.json")) {
            Path specs = file.getParent();
            assertOwnSettings(spec, "models/lenet1.json", specs.resolve("paper-lenet1.json"), null);
            assertOwnSettings(spec, "models/lenet4.json", specs.resolve("paper-lenet4.json"), null);
            assertOwnSettings(spec, "models/lenet5-original.json", specs.resolve("paper-lenet5.json"), "none");
            assertOwnSettings(spec, "models/lenet5-original.json", specs.resolve("paper-lenet5-distortions.json"),
                    "paper");
        }
        assertTrue(spec.seeds().contains(0L));
        // only the backend comparison runs a second backend: ND4J's ops, which every machine has
        assertEquals(file.getFileName().toString().equals("backend-comparison.json") ? List.of("cpu", "nd4j")
                : List.of("cpu"), spec.backends(), file + ": backends");
        // only the paper's per-pattern runs declare a precision: float64
        assertEquals(file.getFileName().toString().startsWith("paper-") ? List.of(Precision.FLOAT64) : null,
                spec.training().precision(), file + ": precision");
    }

    /**
     * The cell of {@code model} in the paper's table (with the named augmentation, when it sweeps one) has the
     * settings of the only cell of {@code single}, read and expanded as {@code lenet run} does.
     */
    private static void assertOwnSettings(ExperimentSpec table, String model, Path single, String augmentation) {
        Path tableFile = single.resolveSibling("paper-table.json");
        org.lenetlab.spec.SpecReader reader = new org.lenetlab.spec.SpecReader();
        List<org.lenetlab.run.CellSpec> cells = org.lenetlab.run.ExperimentMatrix.expand(
                reader.readExperiment(tableFile, null), List.of(), null, null).stream().map(c -> c.spec()).toList();
        List<org.lenetlab.run.CellSpec> alone = org.lenetlab.run.ExperimentMatrix.expand(
                reader.readExperiment(single, null), List.of(), null, null).stream().map(c -> c.spec()).toList();
        assertEquals(1, alone.size(), single.toString());
        String name = alone.get(0).model().name();
        org.lenetlab.run.CellSpec cell = cells.stream().filter(c -> c.model().name().equals(name)
                && (augmentation == null || c.id().contains("augmentation=" + augmentation))).findFirst().orElseThrow();
        assertEquals(alone.get(0).settings(), cell.settings(), model + " in paper-table.json and in " + single);
        assertEquals(alone.get(0).model(), cell.model(), model);
        assertEquals(alone.get(0).seed(), cell.seed());
        assertTrue(table.models().stream().anyMatch(m -> model.equals(m.path())), model);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode layerSchema(String type) {
        for (Map.Entry<String, JsonNode> def : MODEL.get("$defs").properties()) {
            if (type.equals(def.getValue().at("/properties/type/const").asText(null))) {
                return def.getValue();
            }
        }
        return null;
    }

    /** Asserts the schema object lists exactly the record's components (plus {@code extra}), closed to others. */
    private static void assertFields(Class<?> record, JsonNode schema, String... extra) {
        Set<String> expected = new TreeSet<>(Arrays.asList(extra));
        for (RecordComponent component : record.getRecordComponents()) {
            expected.add(component.getName().equals("schema") ? "$schema" : component.getName());
        }
        Set<String> actual = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(actual::add);
        assertEquals(expected, actual, record.getSimpleName() + " fields");
        assertEquals(false, schema.path("additionalProperties").asBoolean(true),
                record.getSimpleName() + " must reject unknown fields");
    }

    private static Set<String> strings(JsonNode array) {
        assertTrue(array.isArray(), "expected an array but got " + array);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    }

    private static <E> Set<String> names(E[] values, Function<E, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.toSet());
    }
}
