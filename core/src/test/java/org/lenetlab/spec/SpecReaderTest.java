package org.lenetlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecReaderTest {
    @TempDir
    Path dir;

    private static final String GOOD_MODEL = """
            {
              "name": "tiny",
              "layers": [
                {"type": "convolution", "name": "conv1", "filters": 2, "kernel": 5},
                {"type": "activation", "function": "relu"},
                {"type": "max-pooling", "name": "pool1"},
                {"type": "flatten"},
                {"type": "dense", "name": "fc1", "units": 10, "inputs": 288}
              ]
            }
            """;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private SpecProblem onlyProblemOfModel(String text) throws IOException {
        Path file = write("m.json", text);
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readModel(file, 10));
        assertEquals(1, e.problems().size(), e.getMessage());
        SpecProblem p = e.problems().get(0);
        assertEquals(file, p.file());
        assertTrue(p.toString().startsWith(file.toString() + ":"), p.toString());
        assertTrue(!p.toString().contains("\n"), "one line: " + p);
        return p;
    }

    @Test
    void readsAndPlansAGoodModel() throws IOException {
        LoadedModel m = new SpecReader().readModel(write("m.json", GOOD_MODEL), 10);
        assertEquals("tiny", m.spec().name());
        assertEquals(2 * 26 + 288 * 10 + 10, m.plan().trainableParameters());
        assertEquals("activation2", m.plan().layers().get(1).name());
    }

    @Test
    void shapeErrorNamesBothLayersAndTheLocation() throws IOException {
        SpecProblem p = onlyProblemOfModel(GOOD_MODEL.replace("\"inputs\": 288", "\"inputs\": 400"));
        assertEquals("$.layers[4].inputs", p.path().toString());
        assertEquals("layer fc1 expects 400 inputs but flatten4 gives 288", p.message());
        assertEquals(8, p.line());
        assertTrue(p.column() > 1);
    }

    @Test
    void unknownFieldIsNamedWithItsLocation() throws IOException {
        SpecProblem p = onlyProblemOfModel(GOOD_MODEL.replace("\"kernel\": 5}", "\"kernel\": 5, \"kernal\": 3}"));
        assertEquals("$.layers[0].kernal", p.path().toString());
        assertTrue(p.message().startsWith("unknown field 'kernal'; known fields:"), p.message());
        assertEquals(4, p.line());
    }

    @Test
    void unknownLayerTypeListsTheKnownOnes() throws IOException {
        SpecProblem p = onlyProblemOfModel(GOOD_MODEL.replace("\"type\": \"flatten\"", "\"type\": \"flaten\""));
        assertEquals("$.layers[3]", p.path().toString());
        assertTrue(p.message().startsWith("unknown layer type 'flaten'; known layer types: convolution, max-pooling"), p.message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"filters\": 2|\"filters\": \"2\"|$.layers[0].filters|expected an integer",
        "\"filters\": 2|\"filters\": 2.5|$.layers[0].filters|expected an integer",
        "\"filters\": 2|\"filters\": 0|$.layers[0].filters|must be a positive integer, got 0",
        "\"filters\": 2|\"filters\": -3|$.layers[0].filters|must be a positive integer, got -3",
        "\"filters\": 2|\"filters\": 1000000000000|$.layers[0].filters|number 1000000000000 is out of range for an integer",
        "\"filters\": 2|\"filters\": 100000|$.layers[0].filters|must be at most 65536, got 100000",
        "\"function\": \"relu\"|\"function\": \"gelu\"|$.layers[1].function|expected one of relu, sigmoid, tanh, scaled-tanh, got 'gelu'",
        "\"kernel\": 5|\"kernel\": 30|$.layers[0]|layer conv1 has a 30×30 window but the input gives 28×28",
        "\"name\": \"tiny\",|\"name\": \"tiny\", \"name\": \"again\",|$.name|invalid JSON: Duplicate field 'name'",
    })
    void badValuesGiveOneClearLine(String from, String to, String path, String messageStart) throws IOException {
        SpecProblem p = onlyProblemOfModel(GOOD_MODEL.replace(from, to));
        assertEquals(path, p.path().toString(), p.toString());
        assertTrue(p.message().startsWith(messageStart), p.message());
    }

    @Test
    void malformedJsonGivesTheLineOfTheError() throws IOException {
        SpecProblem p = onlyProblemOfModel(GOOD_MODEL.replace("\"units\": 10,", "\"units\": 10"));
        assertTrue(p.message().startsWith("invalid JSON:"), p.message());
        assertEquals(8, p.line());
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        SpecException missing = assertThrows(SpecException.class,
                () -> new SpecReader().readModel(dir.resolve("nope.json"), 10));
        assertTrue(missing.getMessage().endsWith("nope.json: $: file not found"), missing.getMessage());
        Path empty = write("empty.json", "  \n");
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readModel(empty, 10));
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
    }

    @Test
    void modelMustEndInTenClassesForMnist() throws IOException {
        SpecProblem p = onlyProblemOfModel(GOOD_MODEL.replace("\"units\": 10,", "\"units\": 12,"));
        assertEquals("the model must end with 10 outputs (one per class) but layer fc1 gives 12", p.message());
    }

    @Test
    void denseWithoutFlattenSaysWhatToAdd() throws IOException {
        SpecProblem p = onlyProblemOfModel(GOOD_MODEL.replace("{\"type\": \"flatten\"},", ""));
        assertTrue(p.message().contains("needs a flat input but pool1 gives 2×12×12; add a {\"type\": \"flatten\"} layer"),
                p.message());
    }

    @Test
    void experimentProblemsNameTheRightFile() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        write("models/tiny.json", GOOD_MODEL.replace("\"inputs\": 288", "\"inputs\": 256"));
        Path exp = write("exp.json", """
                {
                  "experiment": "e",
                  "models": ["models/tiny.json", "models/missing.json"],
                  "training": {"epochs": 0, "batchSize": [64, 64], "optimizer": "adam", "learningRate": 0.001},
                  "backends": ["cpu", "gpu9"]
                }
                """);
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readExperiment(exp, List.of("cpu")));
        List<String> lines = e.problems().stream().map(SpecProblem::toString).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(exp + ":4:") && l.contains("$.training.epochs: must be between 1 and 100000, got 0")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("$.training.batchSize[1]: value 64 is listed twice")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("$.backends[1]: unknown backend 'gpu9'; backends found: cpu")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("$.models[1]: model file 'models/missing.json' not found")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(dir.resolve("models/tiny.json") + ":8:")
                && l.contains("layer fc1 expects 256 inputs but flatten4 gives 288")), lines.toString());
    }

    @Test
    void inlineModelProblemsCarryTheExperimentPath() throws IOException {
        Path exp = write("exp.json", """
                {
                  "experiment": "e",
                  "models": [{"name": "m", "layers": [{"type": "dense", "units": -1}]}],
                  "training": {"epochs": 1, "batchSize": 64, "optimizer": "sgd", "learningRate": 0.1}
                }
                """);
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readExperiment(exp, null));
        assertEquals(exp + ":3:66: $.models[0].layers[0].units: must be a positive integer, got -1",
                e.problems().get(0).toString());
    }

    @Test
    void experimentNamingItselfIsRefused() throws IOException {
        Path exp = write("self.json", """
                {"experiment": "e", "models": ["self.json"],
                 "training": {"epochs": 1, "batchSize": 64, "optimizer": "sgd", "learningRate": 0.1}}
                """);
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readExperiment(exp, null));
        assertTrue(e.getMessage().contains("$.models[0]: the experiment names itself as a model"), e.getMessage());
    }
}
