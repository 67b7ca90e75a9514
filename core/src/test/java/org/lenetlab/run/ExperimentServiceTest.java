package org.lenetlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.testing.FakeBackend;
import org.lenetlab.testing.SyntheticDigits;

/** The experiment service end to end on a fake backend and synthetic data: validation, matrix, cells, results. */
class ExperimentServiceTest {
    private static final String LINEAR = "{\"name\": \"linear\", \"layers\": [{\"type\": \"flatten\"},"
            + " {\"type\": \"dense\", \"units\": 10}]}";
    private static final String CONVOLUTIONAL = "{\"name\": \"conv\", \"layers\": [{\"type\": \"convolution\","
            + " \"filters\": 1, \"kernel\": 1}, {\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]}";

    @TempDir
    Path dir;

    /** A backend whose compile has a bug. */
    private static final class BrokenBackend implements Backend {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String device() {
            return "nothing";
        }

        @Override
        public CompiledNetwork compile(ModelPlan model, CompileOptions options) {
            throw new IllegalStateException("a bug in the backend");
        }
    }

    private final ExperimentService service = new ExperimentService(new BackendRegistry(Map.of(
            "cpu", () -> new FakeBackend("cpu"), "broken", BrokenBackend::new)));

    private Path spec(String models, String training) throws IOException {
        Files.writeString(dir.resolve("model.json"), LINEAR);
        Path file = dir.resolve("e.json");
        Files.writeString(file, """
                {"experiment": "e", "models": %s, "dataset": {"name": "mnist", "trainLimit": 200},
                 "training": %s, "seeds": [0, 1]}
                """.formatted(models, training));
        return file;
    }

    private static final String SGD = "{\"epochs\": 2, \"batchSize\": 20, \"optimizer\": \"sgd\", \"learningRate\": 0.1}";

    @Test
    void runsEveryCellAndWritesResults() throws IOException {
        ExperimentService.Prepared prepared = service.prepare(spec("[\"model.json\", " + CONVOLUTIONAL + "]",
                SGD.replace("}", ", \"precision\": [\"float32\", \"float64\"]}")), ExperimentService.Overrides.NONE,
                Long.MAX_VALUE);
        assertEquals(8, prepared.cells().size());
        SyntheticDigits data = new SyntheticDigits(200, 100);
        ResultsFile results = service.run(prepared, dir.resolve("out"), ResumePlan.NONE,
                new LocalCellExecutor(new BackendRegistry(Map.of("cpu", () -> new FakeBackend("cpu"))), data), data,
                new RunListener() { }, () -> false);
        assertEquals(results.cells(), ResultsWriter.read(dir.resolve("out").resolve(ResultsWriter.FILE_NAME)).cells());
        assertEquals(prepared.specSha256(), results.specSha256());
        assertEquals(List.of("linear", "conv"), results.models().stream().map(ModelSummary::model).toList());
        assertEquals(List.of(1, 28, 28), results.models().get(1).layers().get(0).outputShape());
        assertEquals(7852, results.models().get(1).trainable());
        List<CellResult> linear = results.cells().subList(0, 4);
        for (CellResult cell : linear) {
            assertEquals(CellStatus.OK, cell.status(), cell.reason());
            assertTrue(cell.testAccuracy() > 0.9, cell.id() + " " + cell.testAccuracy());
            assertEquals(64, cell.weightsSha256().length());
        }
        assertEquals("fake device, float32", linear.get(0).device());
        assertEquals("fake device, float64", linear.get(2).device());
        assertEquals(Precision.FLOAT64, linear.get(2).settings().precision());
        assertNotEquals(linear.get(0).weightsSha256(), linear.get(1).weightsSha256(), "seeds 0 and 1");
        assertNotEquals(linear.get(0).weightsSha256(), linear.get(2).weightsSha256(), "float32 and float64");
        CellResult conv = results.cells().get(4);
        assertEquals(CellStatus.SKIPPED, conv.status());
        assertEquals("backend cpu cannot run this cell: the fake backend has no convolutions", conv.reason());
    }

    @Test
    void aBugInACellFailsTheRunInsteadOfBecomingAFailedCell() throws IOException {
        ExperimentService.Prepared prepared = service.prepare(spec("[\"model.json\"]", SGD),
                new ExperimentService.Overrides(List.of("broken"), null, null), Long.MAX_VALUE);
        SyntheticDigits data = new SyntheticDigits(200, 100);
        IllegalStateException bug = assertThrows(IllegalStateException.class, () -> service.run(prepared,
                dir.resolve("out"), ResumePlan.NONE, new LocalCellExecutor(new BackendRegistry(Map.of(
                        "broken", BrokenBackend::new)), data), data, new RunListener() { }, () -> false));
        assertEquals("a bug in the backend", bug.getMessage());
        assertEquals(List.of(), ResultsWriter.read(dir.resolve("out").resolve(ResultsWriter.FILE_NAME)).cells(),
                "the results written before the cell stay readable");
    }

    @Test
    void overridesAreCheckedAgainstTheLimits() throws IOException {
        Path file = spec("[\"model.json\"]", SGD);
        assertEquals("--epochs must be between 1 and 100000, got 0", assertThrows(RunInputException.class,
                () -> service.prepare(file, new ExperimentService.Overrides(List.of(), 0, null), Long.MAX_VALUE))
                .getMessage());
        assertEquals("--limit-train must be between 1 and 60000, got 60001", assertThrows(RunInputException.class,
                () -> service.prepare(file, new ExperimentService.Overrides(List.of(), null, 60_001), Long.MAX_VALUE))
                .getMessage());
        assertEquals("unknown backend 'gpu' in --backend; backends found: broken, cpu",
                assertThrows(RunInputException.class, () -> service.prepare(file,
                        new ExperimentService.Overrides(List.of("gpu"), null, null), Long.MAX_VALUE)).getMessage());
        String tooLarge = assertThrows(RunInputException.class, () -> service.prepare(file,
                ExperimentService.Overrides.NONE, 1_000_000)).getMessage();
        assertTrue(tooLarge.startsWith(file + ": cell linear/cpu/seed=0 needs about "), tooLarge);
        assertTrue(tooLarge.endsWith("(and 1 more cells)"), tooLarge);
    }

    @Test
    void theSpecHashCoversAReferencedModel() throws IOException {
        Path file = spec("[\"model.json\"]", SGD);
        String before = service.prepare(file, ExperimentService.Overrides.NONE, Long.MAX_VALUE).specSha256();
        assertEquals(64, before.length());
        assertEquals(before, service.prepare(file, ExperimentService.Overrides.NONE, Long.MAX_VALUE).specSha256());
        Files.writeString(dir.resolve("model.json"), LINEAR.replace("\"units\": 10}", "\"units\": 10, "
                + "\"initializer\": \"he-normal\"}"));
        String after = service.prepare(file, ExperimentService.Overrides.NONE, Long.MAX_VALUE).specSha256();
        assertNotEquals(before, after);
    }
    @Test
    void aModelsOwnTrainingIsInTheResolvedSpecTheHashAndTheResume() throws IOException {
        Path file = spec("[{\"model\": \"model.json\", \"training\": {\"learningRate\": 0.05, \"epochs\": [1, 2]}}]", SGD);
        ExperimentService.Prepared prepared = service.prepare(file, ExperimentService.Overrides.NONE, Long.MAX_VALUE);
        assertEquals(List.of("linear/cpu/epochs=1/seed=0", "linear/cpu/epochs=1/seed=1", "linear/cpu/epochs=2/seed=0",
                "linear/cpu/epochs=2/seed=1"), prepared.cells().stream().map(Cell::id).toList());
        com.fasterxml.jackson.databind.JsonNode entry = prepared.resolvedSpec().path("models").get(0);
        assertEquals("linear", entry.at("/model/name").asText());
        assertEquals("[0.05]", entry.at("/training/learningRate").toString());
        assertEquals("[1,2]", entry.at("/training/epochs").toString());
        assertEquals(2, entry.get("training").size(), entry.toString());
        assertEquals("[0.1]", prepared.resolvedSpec().at("/training/learningRate").toString());

        SyntheticDigits data = new SyntheticDigits(200, 100);
        LocalCellExecutor executor = new LocalCellExecutor(new BackendRegistry(Map.of("cpu",
                () -> new FakeBackend("cpu"))), data);
        Path out = dir.resolve("own");
        ResultsFile results = service.run(prepared, out, ResumePlan.NONE, executor, data, new RunListener() { },
                () -> false);
        assertEquals(0.05, results.cells().get(0).settings().learningRate());
        assertEquals(List.of("linear"), results.models().stream().map(ModelSummary::model).toList());
        // resuming the finished run keeps every cell: their definitions are found through the entry's model
        ResumePlan resume = service.resumePlan(out, prepared, false);
        assertEquals(4, resume.kept().size(), resume.notes().toString());

        // the same spec read again hashes the same; a change to the model's own settings changes the hash
        assertEquals(prepared.specSha256(),
                service.prepare(file, ExperimentService.Overrides.NONE, Long.MAX_VALUE).specSha256());
        String changed = service.prepare(spec("[{\"model\": \"model.json\", \"training\": {\"learningRate\": 0.06,"
                + " \"epochs\": [1, 2]}}]", SGD), ExperimentService.Overrides.NONE, Long.MAX_VALUE).specSha256();
        assertNotEquals(prepared.specSha256(), changed);
        // an entry without settings of its own is the plain model, hash and all
        assertEquals(service.prepare(spec("[\"model.json\"]", SGD), ExperimentService.Overrides.NONE, Long.MAX_VALUE)
                .specSha256(), service.prepare(spec("[{\"model\": \"model.json\", \"training\": {}}]", SGD),
                ExperimentService.Overrides.NONE, Long.MAX_VALUE).specSha256());
    }
}
