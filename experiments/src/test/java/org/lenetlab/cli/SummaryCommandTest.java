package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SummaryCommandTest {
    @ParameterizedTest
    @CsvSource({
        "lenet5-relu-maxpool, 44426, 44,426",
        "lenet5-relu-maxpool-padded, 61706, 61,706",
        "lenet5-sigmoid-avgpool, 61706, 61,706",
        "lenet5-conv3x3, 61610, 61,610",
    })
    void shippedModelsHaveTheTutorialParameterCounts(String model, long trainable, String printed) throws Exception {
        String file = "specs/models/" + model + ".json";
        Cli json = Cli.run("summary", file, "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertEquals(trainable, node.get("trainable").asLong());
        assertEquals(0, node.get("fixed").asLong());
        long sum = 0;
        for (JsonNode layer : node.get("layers")) {
            sum += layer.get("trainable").asLong();
        }
        assertEquals(trainable, sum);
        Cli table = Cli.run("summary", file);
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("total") && l.contains(printed)), table.out());
    }

    @ParameterizedTest
    @CsvSource({"lenet5-relu-maxpool, conv1, 6×24×24, 156, 89856", "lenet5-relu-maxpool-padded, fc1, 120, 48120, 48120"})
    void perLayerRows(String model, String layer, String shape, long params, long connections) throws Exception {
        JsonNode node = new ObjectMapper().readTree(Cli.run("summary", "specs/models/" + model + ".json", "--json").out());
        for (JsonNode l : node.get("layers")) {
            if (l.get("name").asText().equals(layer)) {
                assertEquals(shape, joined(l.get("outputShape")));
                assertEquals(params, l.get("trainable").asLong());
                assertEquals(connections, l.get("connections").asLong());
                return;
            }
        }
        throw new AssertionError("no layer " + layer);
    }

    private static String joined(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(d -> sb.append(sb.length() == 0 ? "" : "×").append(d.asInt()));
        return sb.toString();
    }
}
