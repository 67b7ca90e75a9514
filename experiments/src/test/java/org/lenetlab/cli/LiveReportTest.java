package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.reports.ResultsFixtures;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.run.RunListener;

/** The report of a run is rewritten after each cell (reloading while the run goes on) and at the end. */
class LiveReportTest {
    @TempDir
    Path dir;

    @Test
    void refreshesAfterEachCellAndFinishes() throws IOException {
        ResultsFile running = ResultsFixtures.builder().backends("cpu").seeds(0L).running().build();
        ResultsFixtures.builder().backends("cpu").seeds(0L).running().write(dir);
        List<String> heard = new ArrayList<>();
        RunListener delegate = new RunListener() {
            @Override
            public void cellFinished(int index, int total, CellResult result) {
                heard.add(result.id());
            }
        };
        StringWriter err = new StringWriter();
        LiveReport report = new LiveReport(delegate, dir, Optional.empty(), new PrintWriter(err, true));

        report.cellFinished(0, 2, running.cells().get(0));
        assertEquals(List.of(running.cells().get(0).id()), heard, "passed on");
        String live = Files.readString(dir.resolve("report.html"));
        assertTrue(live.contains("http-equiv=\"refresh\""), "reloads while running");
        assertTrue(live.contains("still running"));

        ResultsFile finished = ResultsFixtures.builder().backends("cpu").seeds(0L).build();
        assertTrue(report.finish(finished));
        assertFalse(Files.readString(dir.resolve("report.html")).contains("http-equiv=\"refresh\""));
        assertEquals("", err.toString());
    }

    @Test
    void aReportThatCannotBeWrittenIsOneWarning() throws IOException {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        StringWriter err = new StringWriter();
        LiveReport report = new LiveReport(new RunListener() { }, notADir, Optional.empty(), new PrintWriter(err, true));
        report.refresh();
        report.refresh();
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("lenet: warning: cannot write"), err.toString());
    }
}
