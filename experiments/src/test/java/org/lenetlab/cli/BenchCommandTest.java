package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void printsOneRowPerModelBackendAndBatch() throws Exception {
        Cli cli = Cli.run("bench", "--model", "specs/models/lenet5-relu-maxpool.json", "--model",
                "specs/models/lenet5-conv3x3.json", "--batch", "8", "--batch", "16", "--seconds", "0.2", "--threads", "1",
                "--no-epoch", "--json");
        assertEquals(0, cli.exitCode(), cli.err());
        JsonNode results = new ObjectMapper().readTree(cli.out()).get("results");
        assertEquals(4, results.size());
        for (JsonNode r : results) {
            assertEquals("cpu", r.get("backend").asText());
            assertEquals(1, r.get("threads").asInt());
            assertTrue(r.get("trainImagesPerSecond").asDouble() > 0, r.toString());
            assertTrue(r.get("inferenceImagesPerSecond").asDouble() > 0, r.toString());
            assertTrue(r.get("epochSeconds").isNull(), r.toString());
            assertTrue(r.get("peakRssBytes").asLong() > 0, r.toString());
        }
        assertEquals("lenet5-conv3x3", results.get(3).get("model").asText());
        assertEquals(16, results.get(3).get("batch").asInt());
    }

    @Test
    void badFlagsAreOneLineAndExitCode2() {
        for (String[] args : new String[][] {{"bench", "--seconds", "0"}, {"bench", "--batch", "0"},
                {"bench", "--backend", "tpu", "--no-epoch"}, {"bench", "--threads", "0"}}) {
            Cli cli = Cli.run(args);
            assertEquals(2, cli.exitCode(), String.join(" ", args) + ": " + cli.err());
            assertEquals(1, cli.err().lines().count(), cli.err());
        }
    }
}
