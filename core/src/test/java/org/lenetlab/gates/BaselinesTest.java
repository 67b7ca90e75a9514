package org.lenetlab.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.TestSettings;
import org.lenetlab.train.EpochResult;

class BaselinesTest {
    @TempDir
    Path dir;

    private static ResultsFile run(CellStatus status) {
        CellResult cell = new CellResult("m/cpu/seed=0", "m", "cpu", 0, TestSettings.sgd(1), status, status == CellStatus.OK ? null
                : "out of memory", "dev", new ParameterCounts(10, 2),
                List.of(new EpochResult(1, 0.5, 0.8, 0.4, 0.9, 1, 1, null)), 0.9, List.of(List.of(9, 1), List.of(0, 10)), List.of(),
                List.of(1), null, null, "ab");
        return new ResultsFile("e", "e.json", "sha", null, "t0", "t1", null, Map.of(), List.of(cell));
    }

    @Test
    void roundTripsWithCompactRows() throws Exception {
        Path file = dir.resolve("b/e.json");
        Baselines.write(file, Baseline.of(run(CellStatus.OK), Tolerances.DEFAULTS.with("testAccuracy", 0.01), "now"));
        String text = Files.readString(file);
        assertTrue(text.contains("\"confusionMatrix\": [\n        [9, 1],\n        [0, 10]\n      ]"), text);
        Baseline back = Baselines.read(file);
        assertEquals(0.01, back.tolerances().testAccuracy());
        assertEquals(0.4, back.cells().get(0).testLoss());
        assertEquals(0.9, back.cells().get(0).epochs().get(0).testAccuracy());
        assertEquals(10, back.cells().get(0).parameters().trainable());
        assertEquals("ab", back.cells().get(0).weightsSha256());
    }

    @Test
    void aFailedCellGivesNoBaseline() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Baseline.of(run(CellStatus.FAILED), Tolerances.DEFAULTS, "now"));
        assertEquals("cell m/cpu/seed=0 is failed (out of memory); a baseline needs every cell ok", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{|:1:2: not a valid baseline file: Unexpected end-of-input",
        "[]|not a valid baseline file",
        "{\"format\": \"x\", \"experiment\": \"e\", \"cells\": []}|: not a baseline file of format lenet-lab-baseline/1 (format: x)",
        "{\"format\": \"lenet-lab-baseline/1\", \"experiment\": \"e\", \"cells\": []}|it needs an experiment and at least one cell",
        "{\"format\": \"lenet-lab-baseline/1\", \"experiment\": \"e\", \"cells\": [{\"id\": \"a\"}]}|cells[0] needs an id and parameter counts",
        "{\"format\": \"lenet-lab-baseline/1\", \"experiment\": \"e\", \"colls\": []}|Unrecognized field \"colls\"",
        "{\"format\": \"lenet-lab-baseline/1\", \"experiment\": \"e\", \"tolerances\": {\"trainLoss\": -1}, \"cells\": []}|tolerance trainLoss must be a number ≥ 0",
    })
    void malformedFilesGiveOneLine(String content, String message) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, content);
        var e = assertThrows(BaselineException.class, () -> Baselines.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void missingFile() {
        var e = assertThrows(BaselineException.class, () -> Baselines.read(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": baseline file not found", e.getMessage());
    }
}
