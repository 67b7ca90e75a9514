package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.Backend;

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
    void float64NetworksAreMeasuredToo() throws Exception {
        Cli cli = Cli.run("bench", "--model", "specs/models/lenet5-relu-maxpool.json", "--batch", "8", "--seconds",
                "0.2", "--threads", "1", "--no-epoch", "--precision", "float64", "--json");
        assertEquals(0, cli.exitCode(), cli.err());
        JsonNode results = new ObjectMapper().readTree(cli.out()).get("results");
        assertEquals(1, results.size());
        assertEquals("lenet5-relu-maxpool", results.get(0).get("model").asText());
        assertTrue(results.get(0).get("trainImagesPerSecond").asDouble() > 0, results.toString());
        assertTrue(results.get(0).get("inferenceImagesPerSecond").asDouble() > 0, results.toString());
    }

    @Test
    void badFlagsAreOneLineAndExitCode2() {
        for (String[] args : new String[][] {{"bench", "--seconds", "0"}, {"bench", "--batch", "0"},
                {"bench", "--backend", "tpu", "--no-epoch"}, {"bench", "--threads", "0"},
                {"bench", "--precision", "float16", "--no-epoch"}}) {
            Cli cli = Cli.run(args);
            assertEquals(2, cli.exitCode(), String.join(" ", args) + ": " + cli.err());
            assertEquals(1, cli.err().lines().count(), cli.err());
        }
        Cli precision = Cli.run("bench", "--precision", "float16", "--no-epoch");
        assertEquals("lenet: --precision must be float32 or float64, got 'float16'", precision.err().strip());
    }

    @Test
    void augmentationsAreTimedAgainstPlainTrainingInInterleavedBlocks() throws Exception {
        Cli cli = Cli.run("bench", "--model", "specs/models/lenet5-relu-maxpool.json", "--batch", "8", "--seconds",
                "0.3", "--threads", "1", "--no-epoch", "--json", "--augmentation", "paper", "--augmentation",
                "{\"elastic\": {\"alpha\": 34, \"sigma\": 4}}");
        assertEquals(0, cli.exitCode(), cli.err());
        JsonNode results = new ObjectMapper().readTree(cli.out()).get("results");
        assertEquals(1, results.size());
        JsonNode costs = results.get(0).get("augmentation");
        assertEquals(2, costs.size(), costs.toString());
        assertEquals("paper", costs.get(0).get("name").asText());
        assertEquals("augmentation 2", costs.get(1).get("name").asText());
        for (JsonNode c : costs) {
            assertTrue(c.get("augmentedImagesPerSecond").asDouble() > 0, c.toString());
            assertEquals(results.get(0).get("trainImagesPerSecond").asDouble(), c.get("plainImagesPerSecond").asDouble(),
                    0.0, "the row's training figure is the interleaved plain one");
            assertTrue(c.get("groups").asInt() >= 2, c.toString());
            assertTrue(c.get("slowdownLow").asDouble() <= c.get("slowdown").asDouble()
                    && c.get("slowdown").asDouble() <= c.get("slowdownHigh").asDouble(), c.toString());
        }

        Cli table = Cli.run("bench", "--model", "specs/models/lenet5-relu-maxpool.json", "--batch", "8", "--seconds",
                "0.2", "--threads", "1", "--no-epoch", "--augmentation", "elastic");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("augmentation elastic: "), table.out());
        assertTrue(table.out().contains("interleaved block pairs"), table.out());
        assertFalse(new ObjectMapper().readTree(Cli.run("bench", "--model", "specs/models/lenet5-relu-maxpool.json",
                "--batch", "8", "--seconds", "0.1", "--threads", "1", "--no-epoch", "--json").out())
                .get("results").get(0).has("augmentation"), "no augmentation, no field");
    }

    @Test
    void thePaperPresetIsTheShippedDistortionsSpecsAugmentation() throws Exception {
        JsonNode shipped = new ObjectMapper().readTree(java.nio.file.Path.of("specs/paper-lenet5-distortions.json")
                .toFile()).get("training").get("augmentation");
        JsonNode preset = new ObjectMapper().valueToTree(BenchCommand.PAPER);
        assertEquals(shipped, preset);
    }

    @Test
    void aBadAugmentationIsOneLineAndExitCode2() {
        String[][] cases = {
            {"nosuch", "--augmentation 'nosuch' is neither a preset (elastic, paper, paper-elastic), a JSON object nor a file"},
            {"{\"shear\": 5}", "$.shear: must be between 0 and 2, got 5.0"},
            {"{\"elastic\": {\"alpha\": 3}}", "$.elastic: an elastic deformation needs both 'alpha' and 'sigma'"},
            {"{\"twist\": 1}", "unknown field 'twist'"},
            {"{}", "distorts nothing"}};
        for (String[] c : cases) {
            Cli cli = Cli.run("bench", "--no-epoch", "--seconds", "0.1", "--augmentation", c[0]);
            assertEquals(2, cli.exitCode(), c[0] + ": " + cli.err());
            assertEquals(1, cli.err().lines().count(), cli.err());
            assertTrue(cli.err().contains(c[1]), c[0] + ": " + cli.err());
        }
    }

    /** A backend named {@code name} whose other methods are unused; useThreads keeps Backend's default or records. */
    private static Backend backend(String name, List<Integer> threadsSet) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "name" -> name;
            case "useThreads" -> {
                if (threadsSet == null) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                threadsSet.add((Integer) args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, handler);
    }

    @Test
    void threadsAreIgnoredWithANoteByABackendWithoutAThreadSetting() {
        StringWriter err = new StringWriter();
        assertFalse(BenchCommand.applyThreads(backend("cuda", null), 4, new PrintWriter(err, true)));
        assertTrue(err.toString().contains("--threads 4 does not apply to backend cuda"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());

        List<Integer> set = new ArrayList<>();
        StringWriter quiet = new StringWriter();
        assertTrue(BenchCommand.applyThreads(backend("cpu", set), 3, new PrintWriter(quiet, true)));
        assertEquals(List.of(3), set);
        assertFalse(BenchCommand.applyThreads(backend("cpu", set), null, new PrintWriter(quiet, true)));
        assertEquals(List.of(3), set);
        assertEquals("", quiet.toString());
    }
}
