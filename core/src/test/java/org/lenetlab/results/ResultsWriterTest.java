package org.lenetlab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.metrics.ClassMetrics;
import org.lenetlab.train.EpochResult;

class ResultsWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAndLeavesNoTempFiles() throws IOException {
        CellResult cell = new CellResult("m/cpu/seed=0", "m", "cpu", 0, TestSettings.sgd(1), CellStatus.OK, null, "cpu x",
                new ParameterCounts(10, 0), List.of(new EpochResult(1, 0.5, 0.8, 0.4, 0.9, 1.5, 100, null)), 0.9,
                List.of(List.of(1, 0), List.of(0, 1)), List.of(new ClassMetrics(0, 1, 1, 1, 1)), List.of(3), List.of(7),
                new Timings(1.5, 100, 1000), null);
        ResultsFile file = new ResultsFile("e", "e.json", "abc", null, "2026-01-01T00:00:00Z", null,
                Environment.current(), Map.of("f", "00"), List.of(cell));
        Path out = dir.resolve("out");
        ResultsWriter.write(out, file);
        ResultsWriter.write(out, file);
        ResultsFile back = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals("m/cpu/seed=0", back.cells().get(0).id());
        assertEquals(CellStatus.OK, back.cells().get(0).status());
        assertEquals(0.9, back.cells().get(0).testAccuracy());
        assertEquals(1, (int) back.cells().get(0).confusionMatrix().get(1).get(1));
        assertEquals(7, (int) back.cells().get(0).misclassifiedAs().get(0));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(ResultsWriter.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
        String json = Files.readString(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals(true, json.contains("\"status\" : \"ok\""), json);
    }
}
