package org.lenetlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.plan.Precision;
import org.lenetlab.spec.LoadedExperiment;
import org.lenetlab.spec.SpecReader;

class ExperimentMatrixTest {
    @TempDir
    Path dir;

    private LoadedExperiment experiment(String training, String seeds, String backends) throws IOException {
        Path file = dir.resolve("e.json");
        Files.writeString(file, """
                {"experiment": "e",
                 "models": [%s, %s],
                 "training": %s, "seeds": %s, "backends": %s}
                """.formatted(model("a"), model("b"), training, seeds, backends));
        return new SpecReader().readExperiment(file, null);
    }

    private static String model(String name) {
        return "{\"name\": \"" + name + "\", \"layers\": [{\"type\": \"flatten\"}, {\"type\": \"dense\", \"units\": 10}]}";
    }

    @Test
    void matrixIsModelsTimesBackendsTimesAxesTimesSeeds() throws IOException {
        LoadedExperiment e = experiment("""
                {"epochs": 1, "batchSize": [64, 256], "optimizer": "adam", "learningRate": [0.001, 0.01, 0.1]}
                """, "[0, 1]", "[\"cpu\", \"other\"]");
        List<CellSpec> cells = specs(ExperimentMatrix.expand(e, List.of(), null, null));
        assertEquals(2 * 2 * 2 * 3 * 2, cells.size());
        assertEquals("a/cpu/batchSize=64,learningRate=0.001/seed=0", cells.get(0).id());
        assertEquals("a/cpu/batchSize=64,learningRate=0.001/seed=1", cells.get(1).id());
        assertEquals(cells.size(), cells.stream().map(CellSpec::id).distinct().count());
    }

    @Test
    void settingsThatDoNotApplyAreDroppedAndDeduplicated() throws IOException {
        LoadedExperiment e = experiment("""
                {"epochs": 1, "batchSize": 64, "optimizer": ["sgd", "adam"], "learningRate": 0.01, "momentum": [0, 0.9]}
                """, "0", "\"cpu\"");
        List<CellSpec> cells = specs(ExperimentMatrix.expand(e, List.of(), null, null));
        // sgd × 2 momenta + adam once, per model
        assertEquals(6, cells.size());
        CellSpec adam = cells.stream().filter(c -> c.id().startsWith("a/") && c.id().contains("optimizer=adam")).findFirst().orElseThrow();
        assertNull(adam.settings().momentum());
        assertEquals(0.9, adam.settings().beta1());
    }

    @Test
    void sdlmCellsCarryMuTheSampleSizeAndTheSchedule() throws IOException {
        LoadedExperiment e = experiment("""
                {"epochs": 3, "batchSize": 1, "optimizer": ["sdlm", "sgd"], "mu": [0.02, 0.1],
                 "learningRateSchedule": [{"fromEpoch": 1, "learningRate": 0.0005}, {"fromEpoch": 2, "learningRate": 0.0001}]}
                """, "0", "\"cpu\"");
        List<CellSpec> cells = specs(ExperimentMatrix.expand(e, List.of(), null, null));
        // sdlm × 2 values of mu + sgd once, per model
        assertEquals(6, cells.size());
        CellSpec sdlm = cells.get(0);
        assertEquals("a/cpu/optimizer=sdlm,mu=0.02/seed=0", sdlm.id());
        assertEquals(0.02, sdlm.settings().mu());
        assertEquals(500, sdlm.settings().hessianSamples());
        assertEquals(0.0005, sdlm.settings().learningRate());
        assertEquals(0.0001, sdlm.settings().learningRateFor(3));
        CellSpec sgd = cells.stream().filter(c -> c.id().contains("optimizer=sgd")).findFirst().orElseThrow();
        assertNull(sgd.settings().mu());
        assertNull(sgd.settings().hessianSamples());
        assertEquals(2, sgd.settings().learningRateSchedule().size());
        ObjectMapper mapper = SpecReader.strictMapper();
        assertEquals(sdlm, mapper.readValue(mapper.writeValueAsString(sdlm), CellSpec.class));
    }

    @Test
    void overridesReplaceTheSpec() throws IOException {
        LoadedExperiment e = experiment("{\"epochs\": 10, \"batchSize\": 64, \"optimizer\": \"sgd\", \"learningRate\": 0.1}",
                "0", "\"cpu\"");
        List<CellSpec> cells = specs(ExperimentMatrix.expand(e, List.of("x", "y"), 2, 500));
        assertEquals(4, cells.size());
        assertEquals("b/y/seed=0", cells.get(3).id());
        assertEquals(2, cells.get(0).settings().epochs());
        assertEquals(500, cells.get(0).settings().trainLimit());
    }

    @Test
    void cellSpecsRoundTripThroughJson() throws IOException {
        LoadedExperiment e = experiment("{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"adam\", \"learningRate\": 0.001}",
                "7", "\"cpu\"");
        CellSpec cell = ExperimentMatrix.expand(e, List.of(), null, null).get(0).spec();
        ObjectMapper mapper = SpecReader.strictMapper();
        CellSpec back = mapper.readValue(mapper.writeValueAsString(cell), CellSpec.class);
        assertEquals(cell, back);
    }

    @Test
    void precisionIsAnAxisAndFloat32WhenAbsent() throws IOException {
        LoadedExperiment absent = experiment("{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"sgd\", "
                + "\"learningRate\": 0.1}", "0", "\"cpu\"");
        assertEquals(Precision.FLOAT32, ExperimentMatrix.expand(absent, List.of(), null, null).get(0).spec().settings()
                .precision());
        LoadedExperiment both = experiment("{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"sgd\", "
                + "\"learningRate\": 0.1, \"precision\": [\"float32\", \"float64\"]}", "0", "\"cpu\"");
        List<CellSpec> cells = specs(ExperimentMatrix.expand(both, List.of(), null, null));
        assertEquals(List.of("a/cpu/precision=float32/seed=0", "a/cpu/precision=float64/seed=0"),
                cells.subList(0, 2).stream().map(CellSpec::id).toList());
        assertEquals(Precision.FLOAT64, cells.get(1).settings().precision());
    }

    @Test
    void everyCellOfAModelSharesItsOnePlan() throws IOException {
        LoadedExperiment e = experiment("{\"epochs\": 1, \"batchSize\": [1, 2], \"optimizer\": \"sgd\", "
                + "\"learningRate\": 0.1}", "[0, 1]", "\"cpu\"");
        List<Cell> cells = ExperimentMatrix.expand(e, List.of(), null, null);
        assertSame(e.models().get(0).plan(), cells.get(0).plan());
        assertSame(cells.get(0).plan(), cells.get(3).plan());
        assertSame(e.models().get(1).plan(), cells.get(4).plan());
    }

    @Test
    void eachModelTrainsWithItsOwnSettingsAndNamesOnlyItsOwnAxes() throws IOException {
        Path file = dir.resolve("own.json");
        Files.writeString(file, """
                {"experiment": "own",
                 "models": [%s,
                            {"model": %s, "training": {"mu": 0.1}},
                            {"model": %s, "training": {"mu": 0.5, "augmentation": [{"name": "none"},
                               {"name": "shifted", "translate": 2}]}}],
                 "training": {"epochs": 2, "batchSize": 1, "optimizer": "sdlm", "learningRate": 0.001},
                 "seeds": [0, 1]}
                """.formatted(model("a"), model("b"), model("c")));
        List<CellSpec> cells = specs(ExperimentMatrix.expand(new SpecReader().readExperiment(file, null), List.of(),
                null, null));
        assertEquals(List.of("a/cpu/seed=0", "a/cpu/seed=1", "b/cpu/seed=0", "b/cpu/seed=1",
                "c/cpu/augmentation=none/seed=0", "c/cpu/augmentation=none/seed=1",
                "c/cpu/augmentation=shifted/seed=0", "c/cpu/augmentation=shifted/seed=1"),
                cells.stream().map(CellSpec::id).toList());
        assertEquals(0.02, cells.get(0).settings().mu(), "the experiment's (default) mu");
        assertEquals(0.1, cells.get(2).settings().mu());
        assertEquals(0.5, cells.get(4).settings().mu());
        assertNull(cells.get(4).settings().augmentation());
        assertEquals(2.0, cells.get(6).settings().augmentation().translate());
        for (CellSpec c : cells) {
            assertEquals(2, c.settings().epochs());
            assertEquals(0.001, c.settings().learningRate());
        }
        // a model's own settings are those of the same model in an experiment of its own: the same cell, id and all
        Path alone = dir.resolve("alone.json");
        Files.writeString(alone, """
                {"experiment": "alone", "models": [%s],
                 "training": {"epochs": 2, "batchSize": 1, "optimizer": "sdlm", "learningRate": 0.001, "mu": 0.1},
                 "seeds": [0, 1]}
                """.formatted(model("b")));
        assertEquals(cells.subList(2, 4), specs(ExperimentMatrix.expand(new SpecReader().readExperiment(alone, null),
                List.of(), null, null)));
    }

    private static List<CellSpec> specs(List<Cell> cells) {
        return cells.stream().map(Cell::spec).toList();
    }
}
