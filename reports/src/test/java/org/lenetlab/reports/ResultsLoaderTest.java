package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsLoaderTest {
    @TempDir
    Path dir;

    private static String failure(Path path) {
        String message = assertThrows(ReportInputException.class, () -> ResultsLoader.load(path)).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    @Test
    void missingDirectory() {
        assertEquals("no such results directory: " + dir.resolve("nope"), failure(dir.resolve("nope")));
    }

    @Test
    void directoryWithoutResults() {
        assertTrue(failure(dir).startsWith(dir + " has no results.json"), failure(dir));
    }

    @Test
    void unparseableResults() throws IOException {
        Files.writeString(dir.resolve("results.json"), "{\"experiment\": \"x\", \"cells\": [");
        String message = failure(dir);
        assertTrue(message.startsWith("cannot read " + dir.resolve("results.json") + ": not a valid results file"),
                message);
    }

    @Test
    void jsonThatIsNotAResultsFile() throws IOException {
        Files.writeString(dir.resolve("results.json"), "{\"experiment\": \"x\"}");
        assertTrue(failure(dir).contains("not a LeNet Lab results file"), failure(dir));
        Files.writeString(dir.resolve("results.json"), "[1, 2]");
        assertTrue(failure(dir).contains("not a valid results file"), failure(dir));
    }

    @Test
    void readsADirectoryOrItsResultsFile() {
        Path run = ResultsFixtures.builder().backends("cpu").seeds(0L).write(dir.resolve("run-1"));
        LoadedResults fromDir = ResultsLoader.load(run);
        LoadedResults fromFile = ResultsLoader.load(run.resolve("results.json"));
        assertEquals("run-1", fromDir.label());
        assertEquals("run-1", fromFile.label());
        assertEquals(2, fromDir.results().cells().size());
        assertEquals(2, ResultsLoader.loadAll(List.of(run, run)).size());
        assertThrows(ReportInputException.class, () -> ResultsLoader.loadAll(List.of()));
    }

    @Test
    void fillsInTheArchitecturesOfAnOlderFileOnly() {
        Path current = ResultsFixtures.builder().backends("cpu").seeds(0L).write(dir.resolve("current"));
        Path legacy = ResultsFixtures.builder().backends("cpu").seeds(0L).legacy().write(dir.resolve("legacy"));
        LoadedResults fromCurrent = ResultsLoader.load(current);
        LoadedResults fromLegacy = ResultsLoader.load(legacy);
        assertEquals(2, fromCurrent.results().models().size());
        assertEquals(fromCurrent.results().models(), fromLegacy.results().models());
        assertEquals(fromCurrent.results().cells(), fromLegacy.results().cells());
        assertTrue(fromLegacy.architectureProblems().isEmpty());
    }
}
