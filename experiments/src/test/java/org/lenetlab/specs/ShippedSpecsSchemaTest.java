package org.lenetlab.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the shipped JSON Schemas and spec files under {@code specs/}: the schemas are valid 2020-12 schemas, every
 * shipped model and experiment spec (and every inline model in an experiment) validates, and typical mistakes are
 * rejected. Surefire runs tests in the module directory, so {@code specs/} is relative to {@code experiments/}.
 */
class ShippedSpecsSchemaTest {
    static final Path SPECS = Path.of("specs");
    static final Path SCHEMA_DIR = SPECS.resolve("schema");
    static final Path MODELS_DIR = SPECS.resolve("models");
    /**
     * The file URI of {@link #SCHEMA_DIR}. The schemas have no {@code $id}, so (as in an editor) the experiment
     * schema's relative {@code $ref} to {@code model.schema.json} resolves next to the file, and nothing is fetched.
     */
    static String schemaDirUri;
    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchemaFactory factory;
    static JsonSchema modelSchema;
    static JsonSchema experimentSchema;

    @BeforeAll
    static void loadSchemas() {
        assertTrue(Files.isDirectory(SCHEMA_DIR),
                "tests must run in the experiments module directory, but run in " + Path.of("").toAbsolutePath());
        String localDir = SCHEMA_DIR.toAbsolutePath().normalize().toUri().toString();
        String localPrefix = localDir.endsWith("/") ? localDir : localDir + "/";
        schemaDirUri = localPrefix;
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        modelSchema = factory.getSchema(SchemaLocation.of(schemaDirUri + "model.schema.json"));
        experimentSchema = factory.getSchema(SchemaLocation.of(schemaDirUri + "experiment.schema.json"));
        modelSchema.initializeValidators();
        experimentSchema.initializeValidators();
    }

    // ---------------------------------------------------------------- the schemas themselves

    static Stream<String> schemaFiles() {
        return Stream.of("model.schema.json", "experiment.schema.json");
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void schemaIsAValidDraft202012SchemaWithoutAnId(String file) {
        JsonNode schema = read(SCHEMA_DIR.resolve(file));
        assertEquals(META_SCHEMA, schema.path("$schema").asText());
        assertTrue(schema.path("$id").isMissingNode(), "no $id: relative $refs must resolve next to the file, as editors do");
        JsonSchema meta = factory.getSchema(SchemaLocation.of(META_SCHEMA));
        assertValid(meta, schema, file + " against the 2020-12 meta-schema");
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void everyPropertyHasADescription(String file) {
        JsonNode schema = read(SCHEMA_DIR.resolve(file));
        List<String> missing = new ArrayList<>();
        collectUndescribed(schema, schema, "#", missing);
        assertTrue(missing.isEmpty(), file + ": properties without a description: " + missing);
    }

    private static void collectUndescribed(JsonNode root, JsonNode node, String where, List<String> missing) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndescribed(root, node.get(i), where + "/" + i, missing);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals("if")) {
                continue; // conditions, not properties anyone writes
            }
            String path = where + "/" + field.getKey();
            if (field.getKey().equals("properties") && field.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> property : field.getValue().properties()) {
                    if (!describes(root, property.getValue())) {
                        missing.add(path + "/" + property.getKey());
                    }
                }
            }
            collectUndescribed(root, field.getValue(), path, missing);
        }
    }

    /** Whether a property schema has a description itself or through a local {@code $ref}. */
    private static boolean describes(JsonNode root, JsonNode property) {
        if (property.hasNonNull("description")) {
            return true;
        }
        String ref = property.path("$ref").asText("");
        return ref.startsWith("#/") && root.at(ref.substring(1)).hasNonNull("description");
    }

    // ---------------------------------------------------------------- shipped model specs

    static Stream<Path> modelSpecs() {
        return list(MODELS_DIR).stream();
    }

    static Stream<Path> experimentSpecs() {
        return list(SPECS).stream();
    }

    @Test
    void theExpectedSpecsAreShipped() {
        Set<String> models = list(MODELS_DIR).stream().map(ShippedSpecsSchemaTest::baseName).collect(Collectors.toSet());
        assertEquals(Set.of("lenet5-relu-maxpool", "lenet5-relu-maxpool-padded", "lenet5-sigmoid-avgpool",
                "lenet5-conv3x3", "lenet5-original", "lenet5-gaussian-rbf", "lenet1", "lenet4"), models);
        Set<String> experiments = list(SPECS).stream().map(ShippedSpecsSchemaTest::baseName).collect(Collectors.toSet());
        assertEquals(Set.of("quickstart", "tutorial-relu-maxpool-sgd", "tutorial-relu-maxpool-padded-adam",
                "tutorial-relu-maxpool-padded-sgd", "tutorial-conv3x3-adam", "tutorial-sigmoid-avgpool-sgd",
                "sweep-example", "ci-smoke", "paper-lenet5", "backend-comparison",
                "tutorial-paddle-finetune", "tutorial-d2l-fashion-mnist", "paper-lenet5-distortions",
                "paper-lenet1", "paper-lenet4", "paper-table"), experiments);
    }

    @ParameterizedTest
    @MethodSource("modelSpecs")
    void shippedModelSpecValidates(Path file) {
        JsonNode spec = read(file);
        assertValid(modelSchema, spec, file.toString());
        assertEquals("../schema/model.schema.json", spec.path("$schema").asText(), file + ": $schema");
        assertEquals(baseName(file), spec.path("name").asText(), file + ": name must be the file name");
        assertFalse(spec.path("description").asText().isBlank(), file + ": needs a description");
        for (JsonNode layer : spec.path("layers")) {
            assertTrue(layer.hasNonNull("name"), file + ": every shipped layer is named explicitly: " + layer);
        }
    }

    // ---------------------------------------------------------------- shipped experiment specs

    @ParameterizedTest
    @MethodSource("experimentSpecs")
    void shippedExperimentSpecValidates(Path file) {
        JsonNode spec = read(file);
        assertValid(experimentSchema, spec, file.toString());
        assertEquals("schema/experiment.schema.json", spec.path("$schema").asText(), file + ": $schema");
        assertEquals(baseName(file), spec.path("experiment").asText(), file + ": experiment must be the file name");
        assertFalse(spec.path("description").asText().isBlank(), file + ": needs a description");
        JsonNode models = spec.path("models");
        for (JsonNode listed : models.isArray() ? models : JSON.createArrayNode().add(models)) {
            JsonNode entry = listed.has("model") ? listed.get("model") : listed;
            if (entry.isTextual()) {
                Path target = file.resolveSibling(entry.asText());
                assertTrue(Files.isRegularFile(target), file + ": model file " + target + " does not exist");
                assertValid(modelSchema, read(target), target.toString());
            } else {
                assertValid(modelSchema, entry, file + ": inline model " + entry.path("name"));
            }
        }
    }

    @Test
    void inlineModelsAreCheckedThroughTheRelativeRef() {
        ObjectNode inline = (ObjectNode) read(MODELS_DIR.resolve("lenet5-conv3x3.json"));
        inline.remove("$schema");
        ObjectNode experiment = minimalExperiment();
        experiment.putArray("models").add("models/lenet5-relu-maxpool.json").add(inline);
        assertValid(experimentSchema, experiment, "an experiment with an inline model");

        // A single inline model without the array is accepted too (the record reads single values as lists).
        ObjectNode single = minimalExperiment();
        single.set("models", inline.deepCopy());
        assertValid(experimentSchema, single, "an experiment with one inline model, no array");

        // The inline model's mistakes are found, which proves "model.schema.json" resolved to the local file.
        ObjectNode broken = inline.deepCopy();
        ((ObjectNode) broken.path("layers").get(0)).put("filters", 0);
        experiment.putArray("models").add(broken);
        assertInvalid(experimentSchema, experiment, "/models/0/layers/0/filters");

        ObjectNode unknownField = inline.deepCopy();
        unknownField.put("optimizer", "adam");
        experiment.putArray("models").add(unknownField);
        assertInvalid(experimentSchema, experiment, "/models/0");
    }

    // ---------------------------------------------------------------- bad model specs

    @Test
    void unknownTopLevelModelFieldIsRejected() {
        assertModelRejected(m -> m.put("activation", "relu"), "");
    }

    @Test
    void unknownLayerFieldIsRejected() {
        assertModelRejected(m -> layer(m, 0).put("filter", 6), "/layers/0");
        // a field that exists on another layer type is still unknown here
        assertModelRejected(m -> layer(m, 1).put("units", 10), "/layers/1");
    }

    @Test
    void unknownLayerTypeIsRejected() {
        assertModelRejected(m -> layer(m, 1).put("type", "batch-norm"), "/layers/1/type");
        assertModelRejected(m -> layer(m, 1).remove("type"), "/layers/1");
    }

    @Test
    void zeroFiltersAreRejected() {
        assertModelRejected(m -> layer(m, 0).put("filters", 0), "/layers/0/filters");
    }

    @Test
    void aStringWhereANumberGoesIsRejected() {
        assertModelRejected(m -> layer(m, 0).put("kernel", "5"), "/layers/0/kernel");
        assertModelRejected(m -> layer(m, 7).put("units", "120"), "/layers/7/units");
    }

    @Test
    void aFractionWhereAnIntegerGoesIsRejected() {
        assertModelRejected(m -> layer(m, 0).put("kernel", 2.5), "/layers/0/kernel");
    }

    @Test
    void dropoutRateOfOneIsRejected() {
        assertModelRejected(m -> layers(m).insert(8, dropout(1.0)), "/layers/8/rate");
        assertModelRejected(m -> layers(m).insert(8, dropout(-0.1)), "/layers/8/rate");
        assertModelAccepted(m -> layers(m).insert(8, dropout(0.0)));
        assertModelAccepted(m -> layers(m).insert(8, dropout(0.5)));
    }

    @Test
    void missingOrEmptyLayersAreRejected() {
        assertModelRejected(m -> m.remove("layers"), "");
        assertModelRejected(m -> m.putArray("layers"), "/layers");
    }

    @Test
    void otherModelMistakesAreRejected() {
        assertModelRejected(m -> m.remove("name"), "");
        assertModelRejected(m -> layer(m, 0).remove("kernel"), "/layers/0");
        assertModelRejected(m -> layer(m, 0).put("padding", -1), "/layers/0/padding");
        assertModelRejected(m -> layer(m, 0).put("initializer", "glorot"), "/layers/0/initializer");
        assertModelRejected(m -> layer(m, 1).put("function", "gelu"), "/layers/1/function");
        assertModelRejected(m -> layer(m, 2).put("size", 0), "/layers/2/size");
        assertModelRejected(m -> m.putObject("input").put("depth", 1), "/input");
        assertModelRejected(m -> m.putObject("loss").put("type", "mse"), "/loss/type");
        assertModelRejected(m -> m.put("initializer", "zeros"), "/initializer");
    }

    @Test
    void optionalModelFieldsAreAccepted() {
        assertModelAccepted(m -> m.remove("input"));
        assertModelAccepted(m -> m.remove("description"));
        assertModelAccepted(m -> m.put("initializer", "he-normal"));
        assertModelAccepted(m -> m.putObject("loss").put("type", "softmax-cross-entropy"));
        assertModelAccepted(m -> layer(m, 0).put("inputChannels", 1).put("stride", 1).put("initializer", "he-uniform"));
        assertModelAccepted(m -> layer(m, 2).put("stride", 1).put("size", 3));
        assertModelAccepted(m -> layer(m, 1).remove("name"));
    }

    @Test
    void theOriginalLeNet5VocabularyIsChecked() {
        assertOriginalRejected(m -> layer(m, 1).put("function", "tanh"), "/layers/1");
        assertOriginalRejected(m -> layer(m, 1).put("amplitude", 0), "/layers/1/amplitude");
        assertOriginalRejected(m -> layer(m, 2).put("coefficient", 1), "/layers/2");
        assertOriginalRejected(m -> layer(m, 2).put("size", 0), "/layers/2/size");
        assertOriginalRejected(m -> ((ArrayNode) layer(m, 4).get("connections")).addArray(), "/layers/4/connections");
        assertOriginalRejected(m -> ((ArrayNode) layer(m, 4).get("connections").get(0)).add(-1),
                "/layers/4/connections/0");
        assertOriginalRejected(m -> ((ArrayNode) layer(m, 4).get("connections").get(0)).add(0),
                "/layers/4/connections/0");
        assertOriginalRejected(m -> layer(m, 13).put("sigma", 1), "/layers/13");
        assertOriginalRejected(m -> layer(m, 13).put("prototypes", "letters"), "/layers/13/prototypes");
        assertOriginalRejected(m -> layer(m, 13).put("kernel", "cauchy"), "/layers/13/kernel");
        assertOriginalRejected(m -> layer(m, 13).remove("units"), "/layers/13");
        assertOriginalRejected(m -> ((ObjectNode) m.get("loss")).put("j", 0), "/loss/j");
        assertOriginalRejected(m -> m.putObject("loss").put("type", "rbf-distance").put("j", 1), "/loss");
        assertOriginalRejected(m -> ((ObjectNode) m.get("preprocessing")).put("padding", -1), "/preprocessing/padding");
        assertOriginalRejected(m -> ((ObjectNode) m.get("preprocessing")).put("scale", 2), "/preprocessing");
        assertOriginalRejected(m -> m.put("initializer", "lecun"), "/initializer");

        assertOriginalAccepted(m -> m.putObject("loss").put("type", "rbf-distance"));
        assertOriginalAccepted(m -> m.put("initializer", "lecun-fan-in"));
        assertOriginalAccepted(m -> layer(m, 13).put("kernel", "gaussian").put("sigma", 2).put("trainable", true));
        assertOriginalAccepted(m -> layer(m, 2).put("stride", 1).put("initializer", "lecun-sqrt-fan-in"));
        assertOriginalAccepted(m -> m.putObject("preprocessing"));
    }

    @Test
    void sdlmSettingsAreChecked() {
        ArrayNode schedule = JsonNodeFactory.instance.arrayNode();
        schedule.addObject().put("fromEpoch", 1).put("learningRate", 0.0005);
        schedule.addObject().put("fromEpoch", 3).put("learningRate", 0.0002);
        assertExperimentAccepted(e -> training(e).put("optimizer", "sdlm").put("mu", 0.02).put("hessianSamples", 500));
        assertExperimentAccepted(e -> {
            training(e).remove("learningRate");
            training(e).set("learningRateSchedule", schedule.deepCopy());
        });
        assertExperimentAccepted(e -> training(e).putArray("mu").add(0.02).add(0.1));
        assertExperimentRejected(e -> training(e).set("learningRateSchedule", schedule.deepCopy()), "/training");
        assertExperimentRejected(e -> {
            training(e).remove("learningRate");
            training(e).putArray("learningRateSchedule");
        }, "/training/learningRateSchedule");
        assertExperimentRejected(e -> {
            training(e).remove("learningRate");
            training(e).putArray("learningRateSchedule").addObject().put("fromEpoch", 0).put("learningRate", 0.1);
        }, "/training/learningRateSchedule/0/fromEpoch");
        assertExperimentRejected(e -> {
            training(e).remove("learningRate");
            training(e).putArray("learningRateSchedule").addObject().put("learningRate", 0.1);
        }, "/training/learningRateSchedule/0");
        assertExperimentRejected(e -> training(e).put("mu", -0.1), "/training/mu");
        assertExperimentRejected(e -> training(e).put("hessianSamples", 0), "/training/hessianSamples");
        assertExperimentRejected(e -> training(e).put("optimizer", "lbfgs"), "/training/optimizer");
    }

    @Test
    void aModelWithItsOwnTrainingIsCheckedAgainstTheTrainingFields() {
        assertExperimentAccepted(e -> e.putArray("models").addObject().put("model", "models/lenet1.json")
                .putObject("training").put("mu", 0.02).put("learningRate", 0.1).putArray("epochs").add(1).add(2));
        assertExperimentAccepted(e -> e.putArray("models").add("models/lenet4.json").addObject()
                .put("model", "models/lenet1.json"));
        ObjectNode inline = (ObjectNode) read(MODELS_DIR.resolve("lenet5-conv3x3.json"));
        inline.remove("$schema");
        assertExperimentAccepted(e -> e.putArray("models").addObject().set("model", inline.deepCopy()));
        assertExperimentRejected(e -> e.putArray("models").addObject().put("model", "models/lenet1.json")
                .put("trainig", 1), "/models/0");
        assertExperimentRejected(e -> e.putArray("models").addObject().putObject("training").put("mu", 0.1),
                "/models/0");
        assertExperimentRejected(e -> e.putArray("models").addObject().put("model", "models/lenet1.json")
                .putObject("training").put("mu", -1), "/models/0/training/mu");
        assertExperimentRejected(e -> e.putArray("models").addObject().put("model", "models/lenet1.json")
                .putObject("training").put("initialWeights", "w.ckpt"), "/models/0/training");
        assertExperimentRejected(e -> e.putArray("models").addObject().put("model", "models/lenet1.json")
                .putObject("training").put("learningRate", 0.1).putArray("learningRateSchedule"),
                "/models/0/training");
        ObjectNode broken = inline.deepCopy();
        ((ObjectNode) broken.path("layers").get(0)).put("filters", 0);
        assertExperimentRejected(e -> e.putArray("models").addObject().set("model", broken),
                "/models/0/model/layers/0/filters");
    }

    // ---------------------------------------------------------------- bad experiment specs

    @Test
    void experimentMistakesAreRejected() {
        assertExperimentRejected(e -> e.put("epochs", 1), "");
        assertExperimentRejected(e -> e.remove("training"), "");
        assertExperimentRejected(e -> e.remove("models"), "");
        assertExperimentRejected(e -> e.putArray("models"), "/models");
        assertExperimentRejected(e -> e.putArray("models").add(3), "/models");
        assertExperimentRejected(e -> training(e).remove("learningRate"), "/training");
        assertExperimentRejected(e -> training(e).put("lr", 0.1), "/training");
        assertExperimentRejected(e -> training(e).put("learningRate", 0), "/training/learningRate");
        assertExperimentRejected(e -> training(e).putArray("learningRate").add(0.1).add(-0.1),
                "/training/learningRate");
        assertExperimentRejected(e -> training(e).put("momentum", 1.0), "/training/momentum");
        assertExperimentRejected(e -> training(e).put("beta2", 1.0), "/training/beta2");
        assertExperimentRejected(e -> training(e).put("epsilon", 0), "/training/epsilon");
        assertExperimentRejected(e -> training(e).put("weightDecay", -1e-4), "/training/weightDecay");
        assertExperimentRejected(e -> training(e).putArray("batchSize").add(64).add(0), "/training/batchSize");
        assertExperimentRejected(e -> training(e).putArray("epochs"), "/training/epochs");
        assertExperimentRejected(e -> training(e).put("epochs", "10"), "/training/epochs");
        assertExperimentRejected(e -> training(e).put("optimizer", "rmsprop"), "/training/optimizer");
        assertExperimentRejected(e -> training(e).putObject("normalization").put("std", 0), "/training/normalization");
        assertExperimentRejected(e -> training(e).putObject("normalization").put("scale", 2), "/training/normalization");
        assertExperimentRejected(e -> training(e).putArray("evaluationBatchSize").add(1000),
                "/training/evaluationBatchSize");
        assertExperimentRejected(e -> e.putObject("dataset").put("name", "cifar10"), "/dataset/name");
        assertExperimentRejected(e -> e.putObject("dataset").put("trainLimit", 0), "/dataset");
        assertExperimentRejected(e -> e.put("seeds", "0"), "/seeds");
        assertExperimentRejected(e -> e.putArray("seeds").add(1.5), "/seeds");
        assertExperimentRejected(e -> e.putArray("backends"), "/backends");
        assertExperimentRejected(e -> training(e).put("precision", "float16"), "/training/precision");
        assertExperimentRejected(e -> training(e).put("precision", "double"), "/training/precision");
        assertExperimentRejected(e -> training(e).putArray("precision"), "/training/precision");
        assertExperimentRejected(e -> training(e).putArray("precision").add("float64").add(64), "/training/precision");
    }

    @Test
    void singleValuesAndSweepsAreAccepted() {
        assertExperimentAccepted(e -> { });
        assertExperimentAccepted(e -> e.put("models", "models/lenet5-relu-maxpool.json"));
        assertExperimentAccepted(e -> e.put("seeds", 7).put("backends", "cpu"));
        assertExperimentAccepted(e -> e.putArray("seeds").add(0).add(1).add(-3));
        assertExperimentAccepted(e -> training(e).putArray("optimizer").add("sgd").add("adam"));
        assertExperimentAccepted(e -> training(e).putArray("momentum").add(0).add(0.9));
        assertExperimentAccepted(e -> training(e).put("beta1", 0.8).put("beta2", 0.99).put("epsilon", 1e-7)
                .put("weightDecay", 5e-4).put("evaluationBatchSize", 500));
        assertExperimentAccepted(e -> {
            ArrayNode normalizations = training(e).putArray("normalization");
            normalizations.addObject().put("mean", 0.1307).put("std", 0.3081);
            normalizations.addObject();
        });
        assertExperimentAccepted(e -> e.putObject("dataset").put("name", "mnist").put("trainLimit", 1000));
        assertExperimentAccepted(e -> training(e).put("precision", "float32"));
        assertExperimentAccepted(e -> training(e).put("precision", "float64"));
        assertExperimentAccepted(e -> training(e).putArray("precision").add("float32").add("float64"));
    }

    // ---------------------------------------------------------------- helpers

    private static void assertModelRejected(Consumer<ObjectNode> change, String pointer) {
        ObjectNode model = (ObjectNode) read(MODELS_DIR.resolve("lenet5-relu-maxpool.json"));
        change.accept(model);
        assertInvalid(modelSchema, model, pointer);
    }

    private static void assertModelAccepted(Consumer<ObjectNode> change) {
        ObjectNode model = (ObjectNode) read(MODELS_DIR.resolve("lenet5-relu-maxpool.json"));
        change.accept(model);
        assertValid(modelSchema, model, model.toString());
    }

    private static void assertOriginalRejected(Consumer<ObjectNode> change, String pointer) {
        ObjectNode model = (ObjectNode) read(MODELS_DIR.resolve("lenet5-original.json"));
        change.accept(model);
        assertInvalid(modelSchema, model, pointer);
    }

    private static void assertOriginalAccepted(Consumer<ObjectNode> change) {
        ObjectNode model = (ObjectNode) read(MODELS_DIR.resolve("lenet5-original.json"));
        change.accept(model);
        assertValid(modelSchema, model, model.toString());
    }

    private static void assertExperimentRejected(Consumer<ObjectNode> change, String pointer) {
        ObjectNode experiment = minimalExperiment();
        change.accept(experiment);
        assertInvalid(experimentSchema, experiment, pointer);
    }

    private static void assertExperimentAccepted(Consumer<ObjectNode> change) {
        ObjectNode experiment = minimalExperiment();
        change.accept(experiment);
        assertValid(experimentSchema, experiment, experiment.toString());
    }

    private static ObjectNode minimalExperiment() {
        ObjectNode experiment = JsonNodeFactory.instance.objectNode();
        experiment.put("experiment", "test");
        experiment.putArray("models").add("models/lenet5-relu-maxpool.json");
        experiment.putObject("training").put("epochs", 1).put("batchSize", 64).put("optimizer", "sgd")
                .put("learningRate", 0.01);
        return experiment;
    }

    private static ArrayNode layers(ObjectNode model) {
        return (ArrayNode) model.get("layers");
    }

    private static ObjectNode layer(ObjectNode model, int index) {
        return (ObjectNode) layers(model).get(index);
    }

    private static ObjectNode training(ObjectNode experiment) {
        return (ObjectNode) experiment.get("training");
    }

    private static ObjectNode dropout(double rate) {
        return JsonNodeFactory.instance.objectNode().put("type", "dropout").put("name", "drop").put("rate", rate);
    }

    private static void assertValid(JsonSchema schema, JsonNode document, String what) {
        Set<ValidationMessage> messages = schema.validate(document);
        assertTrue(messages.isEmpty(), what + " should be valid but: " + messages);
    }

    /** Asserts {@code document} is rejected with at least one message at or below the JSON Pointer given. */
    private static void assertInvalid(JsonSchema schema, JsonNode document, String pointer) {
        Set<ValidationMessage> messages = schema.validate(document);
        assertFalse(messages.isEmpty(), "should be rejected: " + document);
        List<String> locations = messages.stream().map(m -> toPointer(m.getInstanceLocation().toString())).toList();
        assertTrue(locations.stream().anyMatch(l -> l.equals(pointer) || l.startsWith(pointer + "/")),
                "expected a message at " + (pointer.isEmpty() ? "the root" : pointer) + " but got " + messages);
    }

    /** Turns the validator's {@code $.a.b[0]} instance locations into JSON Pointers. */
    private static String toPointer(String location) {
        if (location.startsWith("/") || location.isEmpty()) {
            return location;
        }
        String rest = location.startsWith("$") ? location.substring(1) : location;
        StringBuilder pointer = new StringBuilder();
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
                    end++;
                }
                pointer.append('/').append(rest, i + 1, end);
                i = end;
            } else if (c == '[') {
                int end = rest.indexOf(']', i);
                String inside = rest.substring(i + 1, end);
                if (inside.startsWith("'") && inside.endsWith("'")) {
                    inside = inside.substring(1, inside.length() - 1);
                }
                pointer.append('/').append(inside);
                i = end + 1;
            } else {
                i++;
            }
        }
        return pointer.toString();
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
