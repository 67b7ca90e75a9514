package org.lenetlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/**
 * A model entry with training settings of its own, {@code {"model": ..., "training": {...}}}: read into the
 * experiment's settings with the entry's fields replaced, and every mistake in it one problem at its JSON path.
 */
class ModelTrainingSpecTest {
    @TempDir
    Path dir;

    private static String model(String name) {
        return "{\"name\": \"" + name + "\", \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]}";
    }

    private static final String TRAINING = """
            {"epochs": 2, "batchSize": 8, "optimizer": "sdlm", "mu": 0.5,
             "learningRateSchedule": [{"fromEpoch": 1, "learningRate": 0.001}, {"fromEpoch": 2, "learningRate": 0.0005}]}""";

    private Path experiment(String models) throws IOException {
        Files.writeString(dir.resolve("b.json"), model("b"));
        Path file = dir.resolve("e.json");
        Files.writeString(file, "{\"experiment\": \"e\",\n \"models\": [" + models + "],\n \"training\": " + TRAINING + "}\n");
        return file;
    }

    private SpecProblem onlyProblem(String models) throws IOException {
        Path file = experiment(models);
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readExperiment(file, null));
        assertEquals(1, e.problems().size(), e.getMessage());
        SpecProblem p = e.problems().get(0);
        assertEquals(file, p.file());
        assertTrue(p.line() > 0, p.toString());
        assertTrue(!p.toString().contains("\n"), "one line: " + p);
        return p;
    }

    @Test
    void anEntrysFieldsReplaceTheExperimentsForItsModelOnly() throws IOException {
        LoadedExperiment e = new SpecReader().readExperiment(experiment(model("a") + ", "
                + "{\"model\": \"b.json\", \"training\": {\"mu\": [0.02, 0.1], \"batchSize\": 1}}, "
                + "{\"model\": " + model("c") + ", \"training\": {\"learningRate\": 0.01, \"optimizer\": \"sgd\"}}"), null);
        assertEquals(List.of("a", "b", "c"), e.models().stream().map(m -> m.spec().name()).toList());
        TrainingSpec a = e.trainings().get(0);
        assertEquals(e.spec().training(), a);
        TrainingSpec b = e.trainings().get(1);
        assertEquals(List.of(0.02, 0.1), b.mu());
        assertEquals(List.of(1), b.batchSize());
        assertEquals(a.epochs(), b.epochs());
        assertEquals(a.learningRateSchedule(), b.learningRateSchedule());
        assertEquals(List.of(0.5), e.spec().training().mu(), "the experiment's own settings are unchanged");
        // learningRate replaces the experiment's schedule: the two are one setting
        TrainingSpec c = e.trainings().get(2);
        assertEquals(List.of(0.01), c.learningRate());
        assertNull(c.learningRateSchedule());
        assertEquals(List.of(OptimizerKind.SGD), c.optimizer());
        assertEquals(List.of(0.5), c.mu());
    }

    @Test
    void anEntryWithoutTrainingIsAPlainModel() throws IOException {
        LoadedExperiment e = new SpecReader().readExperiment(experiment("{\"model\": \"b.json\"}, " + model("a")), null);
        assertEquals("b", e.models().get(0).spec().name());
        assertNull(e.spec().models().get(0).training());
        assertEquals(e.spec().training(), e.trainings().get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"model\": \"b.json\", \"trainig\": {}}|$.models[0].trainig|unknown field 'trainig'; known fields: model, training",
        "{\"model\": \"b.json\", \"training\": {\"mu\": -1}}|$.models[0].training.mu|must be a non-negative number, got -1.0",
        "{\"model\": \"b.json\", \"training\": {\"mew\": 1}}|$.models[0].training.mew|unknown field 'mew'",
        "{\"model\": \"b.json\", \"training\": {\"epochs\": \"two\"}}|$.models[0].training.epochs|expected",
        "{\"model\": \"b.json\", \"training\": {\"augmentation\": {\"name\": \"x\", \"probability\": 2}}}|$.models[0].training.augmentation.probability|",
        "{\"model\": \"b.json\", \"training\": {\"initialWeights\": \"w.ckpt\"}}|$.models[0].training.initialWeights|'initialWeights' applies to every model of an experiment",
        "{\"model\": \"b.json\", \"training\": {\"learningRate\": 0.1, \"learningRateSchedule\": []}}|$.models[0].training.learningRateSchedule|give either 'learningRate' or 'learningRateSchedule', not both",
        "{\"model\": \"b.json\", \"training\": [1]}|$.models[0].training|a model's training is an object",
        "{\"model\": 3, \"training\": {}}|$.models[0].model|a model is a path",
        "{\"training\": {\"mu\": 0.1}}|$.models[0]|a model entry with its own 'training' names its model in 'model'",
        "{\"model\": {\"name\": \"z\", \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"unit\": 10}]}, \"training\": {}}|$.models[0].model.layers[1].unit|unknown field 'unit'",
    })
    void aBadEntryIsOneProblemAtItsPath(String entry, String path, String messageStart) throws IOException {
        SpecProblem p = onlyProblem(entry);
        assertEquals(path, p.path().toString(), p.toString());
        assertTrue(p.message().startsWith(messageStart == null ? "" : messageStart), p.toString());
    }

    @Test
    void theSameModelTwiceIsStillRefused() throws IOException {
        SpecProblem p = onlyProblem("{\"model\": \"b.json\", \"training\": {\"mu\": 0.1}}, "
                + "{\"model\": \"b.json\", \"training\": {\"mu\": 0.2}}");
        assertEquals("$.models[1]", p.path().toString());
        assertTrue(p.message().startsWith("two models are named 'b'"), p.toString());
    }
}
