package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

    @Test
    void theOriginalLeNet5HasThePapersCounts() throws Exception {
        String file = "specs/models/lenet5-original.json";
        JsonNode node = new ObjectMapper().readTree(Cli.run("summary", file, "--json").out());
        // name, output shape, trainable, fixed, connections (LeCun et al. 1998, section II.B)
        Object[][] rows = {
            {"C1", "6×28×28", 156, 0, 122_304},
            {"S2", "6×14×14", 12, 0, 5_880},
            {"C3", "16×10×10", 1_516, 0, 151_600},
            {"S4", "16×5×5", 32, 0, 2_000},
            {"C5", "120×1×1", 48_120, 0, 48_120},
            {"F6", "84", 10_164, 0, 10_164},
            {"OUTPUT", "10", 0, 840, 840}};
        Map<String, JsonNode> byName = new HashMap<>();
        node.get("layers").forEach(l -> byName.put(l.get("name").asText(), l));
        for (Object[] row : rows) {
            JsonNode l = byName.get((String) row[0]);
            assertEquals(row[1], joined(l.get("outputShape")), row[0] + " shape");
            assertEquals(((Integer) row[2]).longValue(), l.get("trainable").asLong(), row[0] + " trainable");
            assertEquals(((Integer) row[3]).longValue(), l.get("fixed").asLong(), row[0] + " fixed");
            assertEquals(((Integer) row[4]).longValue(), l.get("connections").asLong(), row[0] + " connections");
        }
        for (JsonNode l : node.get("layers")) {
            if (Arrays.stream(rows).noneMatch(r -> r[0].equals(l.get("name").asText()))) {
                assertEquals(0, l.get("trainable").asLong() + l.get("fixed").asLong() + l.get("connections").asLong(),
                        "the squashing and flattening between the paper's layers count nothing: " + l);
            }
        }
        assertEquals("1×32×32", joined(node.get("inputShape")));
        assertEquals(60_000, node.get("trainable").asLong());
        assertEquals(840, node.get("fixed").asLong());
        assertEquals(340_908, node.get("connections").asLong());

        Cli table = Cli.run("summary", file);
        assertEquals(0, table.exitCode(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("C1\\s+convolution\\s+6×28×28\\s+156\\s+0\\s+122,304")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("S2\\s+subsampling\\s+6×14×14\\s+12\\s+0\\s+5,880")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("C3\\s+convolution\\s+16×10×10\\s+1,516\\s+0\\s+151,600")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("S4\\s+subsampling\\s+16×5×5\\s+32\\s+0\\s+2,000")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("C5\\s+convolution\\s+120×1×1\\s+48,120\\s+0\\s+48,120")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("F6\\s+dense\\s+84\\s+10,164\\s+0\\s+10,164")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("OUTPUT\\s+rbf\\s+10\\s+0\\s+840\\s+840")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("total\\s+60,000\\s+840\\s+340,908")), table.out());
    }

    @Test
    void theGaussianRbfVariantHas61696TrainableParameters() throws Exception {
        JsonNode node = new ObjectMapper().readTree(Cli.run("summary", "specs/models/lenet5-gaussian-rbf.json", "--json")
                .out());
        assertEquals(61_696, node.get("trainable").asLong());
        assertEquals(0, node.get("fixed").asLong());
        JsonNode rbf = node.get("layers").get(node.get("layers").size() - 1);
        assertEquals("rbf", rbf.get("type").asText());
        assertEquals(840, rbf.get("trainable").asLong());
    }

    /**
     * Layer names longer than the old fixed 10-character column ({@code activation2}, a 20-character name) and a
     * type longer than its old column ({@code average-pooling}) widen their columns; every other row keeps each
     * cell in its column. (The old table printed names in a fixed width and pushed the rest of a long-named row to
     * the right.)
     */
    @Test
    void longLayerNamesKeepEveryColumnAligned(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("long-names.json");
        Files.writeString(file, """
                {"name": "long-names", "layers": [
                  {"type": "convolution", "name": "conv1", "filters": 6, "kernel": 5},
                  {"type": "activation", "name": "activation2", "function": "relu"},
                  {"type": "average-pooling", "name": "pool", "size": 2},
                  {"type": "flatten", "name": "flat"},
                  {"type": "dense", "name": "fully-connected-out1", "units": 10}]}
                """);
        assertEquals(20, "fully-connected-out1".length());
        Cli table = Cli.run("summary", file.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertAligned(table.out(), new ObjectMapper().readTree(Cli.run("summary", file.toString(), "--json").out()));
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("fully-connected-out1  dense  ")), table.out());
    }

    static Stream<Path> shippedModels() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("specs/models"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedModels")
    void shippedModelTablesAreAligned(Path file) throws Exception {
        Cli table = Cli.run("summary", file.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertAligned(table.out(), new ObjectMapper().readTree(Cli.run("summary", file.toString(), "--json").out()));
    }

    /**
     * The table holds exactly the summary's rows, each cell at the position its heading gives: layer, type and
     * output start under their headings, the counts end under theirs, at least two spaces between columns.
     */
    private static void assertAligned(String out, JsonNode summary) {
        List<String> lines = out.lines().toList();
        assertEquals(summary.get("model").asText() + " — input " + joined(summary.get("inputShape")), lines.get(0));
        String header = lines.get(1);
        assertTrue(header.matches("layer {2,}type {2,}output {2,}trainable {2,}fixed {2,}connections"), header);
        int type = header.indexOf("type");
        int output = header.indexOf("output");
        int trainable = header.indexOf("trainable") + "trainable".length();
        int fixed = header.indexOf("fixed") + "fixed".length();
        List<String[]> rows = new ArrayList<>();
        for (JsonNode l : summary.get("layers")) {
            rows.add(new String[] {l.get("name").asText(), l.get("type").asText(), joined(l.get("outputShape")),
                n(l.get("trainable")), n(l.get("fixed")), n(l.get("connections"))});
        }
        rows.add(new String[] {"total", "", "", n(summary.get("trainable")), n(summary.get("fixed")),
            n(summary.get("connections"))});
        assertEquals(rows.size() + 2, lines.size(), out);
        for (int i = 0; i < rows.size(); i++) {
            String line = lines.get(i + 2);
            String[] cells = rows.get(i);
            String why = "row " + cells[0] + " out of its columns:\n" + out;
            assertEquals(header.length(), line.length(), why);
            assertLeft(cells[0], line.substring(0, type), why);
            assertLeft(cells[1], line.substring(type, output), why);
            String outputAndTrainable = line.substring(output, trainable);
            assertTrue(outputAndTrainable.matches(java.util.regex.Pattern.quote(cells[2]) + " {2,}"
                    + java.util.regex.Pattern.quote(cells[3])), why);
            assertRight(cells[4], line.substring(trainable, fixed), why);
            assertRight(cells[5], line.substring(fixed), why);
        }
    }

    /** {@code column} is {@code cell} then at least two spaces. */
    private static void assertLeft(String cell, String column, String why) {
        assertEquals(cell + " ".repeat(Math.max(0, column.length() - cell.length())), column, why);
        assertTrue(column.length() - cell.length() >= 2, why);
    }

    /** {@code column} is at least two spaces then {@code cell}. */
    private static void assertRight(String cell, String column, String why) {
        assertEquals(" ".repeat(Math.max(0, column.length() - cell.length())) + cell, column, why);
        assertTrue(column.length() - cell.length() >= 2, why);
    }

    private static String n(JsonNode count) {
        return String.format(Locale.ROOT, "%,d", count.asLong());
    }

    private static String joined(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(d -> sb.append(sb.length() == 0 ? "" : "×").append(d.asInt()));
        return sb.toString();
    }
}
