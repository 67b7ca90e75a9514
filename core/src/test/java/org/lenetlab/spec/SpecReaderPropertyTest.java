package org.lenetlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random specs, made by mutating valid ones (values of every JSON type, huge and negative numbers, unknown and
 * missing fields, truncated text), never make the reader throw anything but its own {@link SpecException}.
 */
class SpecReaderPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = """
            {"name": "m", "input": {"channels": 1, "height": 28, "width": 28}, "initializer": "he-normal",
             "layers": [
              {"type": "convolution", "name": "c1", "filters": 6, "kernel": 5, "stride": 1, "padding": 2},
              {"type": "activation", "function": "relu"},
              {"type": "max-pooling", "size": 2, "stride": 2},
              {"type": "average-pooling", "size": 2},
              {"type": "dropout", "rate": 0.25},
              {"type": "flatten"},
              {"type": "dense", "units": 32, "inputs": 294},
              {"type": "dense", "units": 10, "initializer": "xavier-uniform"}],
             "loss": {"type": "softmax-cross-entropy"}}
            """;
    private static final String EXPERIMENT = """
            {"experiment": "e", "description": "d", "models": [%s],
             "dataset": {"name": "mnist", "trainLimit": 100},
             "training": {"epochs": [1, 2], "batchSize": 64, "optimizer": ["sgd", "adam"], "learningRate": 0.01,
                          "momentum": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": 0,
                          "normalization": {"mean": 0.1, "std": 0.3}, "evaluationBatchSize": 500},
             "seeds": [0, 1], "backends": ["cpu"]}
            """.formatted(MODEL);

    @Property(tries = 400)
    void mutatedModelSpecsFailOnlyWithSpecExceptions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int mutations)
            throws IOException {
        check(mutate(MODEL, seed, mutations), true);
    }

    @Property(tries = 400)
    void mutatedExperimentSpecsFailOnlyWithSpecExceptions(@ForAll long seed,
                                                          @ForAll @IntRange(min = 1, max = 6) int mutations)
            throws IOException {
        check(mutate(EXPERIMENT, seed, mutations), false);
    }

    private static void check(String text, boolean model) throws IOException {
        Path file = Files.createTempFile("spec", ".json");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            try {
                if (model) {
                    new SpecReader().readModel(file, 10);
                } else {
                    new SpecReader().readExperiment(file, List.of("cpu"));
                }
            } catch (SpecException e) {
                for (SpecProblem p : e.problems()) {
                    if (p.message() == null || p.message().isBlank() || p.toString().contains("\n")) {
                        throw new AssertionError("a problem must be one non-empty line: " + p + "\nspec: " + text);
                    }
                }
            } catch (RuntimeException e) {
                throw new AssertionError("the reader threw " + e + " for\n" + text, e);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Applies random structural or textual mutations to a valid spec. */
    static String mutate(String valid, long seed, int mutations) throws IOException {
        Random random = new Random(seed);
        JsonNode root = JSON.readTree(valid);
        for (int i = 0; i < mutations; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode o) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                int action = random.nextInt(4);
                if (action == 0 && !names.isEmpty()) {
                    o.remove(names.get(random.nextInt(names.size())));
                } else if (action == 1) {
                    o.set("x" + random.nextInt(3), randomValue(random));
                } else if (!names.isEmpty()) {
                    o.set(names.get(random.nextInt(names.size())), randomValue(random));
                }
            } else if (target instanceof ArrayNode a) {
                int action = random.nextInt(3);
                if (action == 0 && !a.isEmpty()) {
                    a.remove(random.nextInt(a.size()));
                } else if (action == 1) {
                    a.add(randomValue(random));
                } else if (!a.isEmpty()) {
                    a.set(random.nextInt(a.size()), randomValue(random));
                }
            }
        }
        String text = JSON.writeValueAsString(root);
        if (random.nextInt(8) == 0) {
            text = text.substring(0, random.nextInt(text.length()));
        }
        return text;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode randomValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(15)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextInt(7) - 2);
            case 3 -> f.numberNode(1_000_000_000_000L);
            case 4 -> f.numberNode(random.nextDouble() * 4 - 1);
            case 5 -> f.numberNode(-1e300);
            case 6 -> f.numberNode(Integer.MAX_VALUE);
            case 7 -> f.textNode(List.of("relu", "adam", "convolution", "mnist", "", "cpu", "dense").get(random.nextInt(7)));
            case 8 -> f.arrayNode();
            case 9 -> f.arrayNode().add(random.nextInt(100)).add("x");
            case 10 -> f.objectNode();
            case 11 -> f.objectNode().put("type", List.of("dense", "flatten", "convolution", "nope").get(random.nextInt(4)));
            case 12 -> f.numberNode(random.nextInt(100_000));
            case 13 -> f.textNode("line\nbreak\r\ttab");
            default -> f.textNode("\u0000\u2028</script>");
        };
    }
}
