package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.reports.ResultsFixtures;

/** {@code lenet report}: bad input is one line and exit code 2; good input writes one report. */
class ReportCommandTest {
    @TempDir
    Path dir;

    static String dataDir;

    @BeforeAll
    static void data() {
        dataDir = MnistTestData.directory().toString();
    }

    private static void assertBadInput(Cli cli, String expected) {
        assertEquals(ExitCodes.BAD_INPUT, cli.exitCode(), cli.out() + cli.err());
        assertEquals(1, cli.err().lines().count(), cli.err());
        assertTrue(cli.err().startsWith("lenet: " + expected), cli.err());
    }

    @Test
    void missingDirectory() {
        assertBadInput(Cli.run("report", dir.resolve("nope").toString()), "no such results directory: ");
    }

    @Test
    void directoryWithoutResults() {
        assertBadInput(Cli.run("report", dir.toString()), dir + " has no results.json");
    }

    @Test
    void unparseableResults() throws IOException {
        Files.writeString(dir.resolve("results.json"), "{ not json");
        assertBadInput(Cli.run("report", dir.toString()), "cannot read " + dir.resolve("results.json"));
    }

    @Test
    void noDirectoryAtAll() {
        assertEquals(ExitCodes.BAD_INPUT, Cli.run("report").exitCode());
    }

    @Test
    void oneDirectoryGetsItsOwnReport() throws IOException {
        Path run = ResultsFixtures.builder().experiment("cli-fixture").backends("cpu").seeds(0L).write(dir.resolve("run"));
        Cli cli = Cli.run("report", run.toString(), "--data-dir", dataDir);
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        Path report = run.resolve("report.html");
        assertEquals("report: " + report, cli.out().strip().lines().reduce((a, b) -> b).orElse(""), cli.out());
        String html = Files.readString(report);
        assertTrue(html.contains("<h1 id=\"experiment-title\">cli-fixture</h1>"));
        assertTrue(html.contains("data:image/png;base64,"), "digits drawn");
    }

    @Test
    void severalDirectoriesGoIntoOneFile() throws IOException {
        Path cpu = ResultsFixtures.builder().experiment("on-cpu").backends("cpu").seeds(0L).write(dir.resolve("cpu"));
        Path gpu = ResultsFixtures.builder().experiment("on-gpu").backends("cuda").seeds(0L).write(dir.resolve("gpu"));
        Path out = dir.resolve("both/report.html");
        Cli cli = Cli.run("report", cpu.toString(), gpu.toString(), "--out", out.toString(), "--data-dir", dataDir);
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        String html = Files.readString(out);
        assertTrue(html.contains("on-cpu + on-gpu"));
        assertTrue(html.contains("id=\"comparison-table\""));
        assertBadInput(Cli.run("report", cpu.toString(), "--out", dir.toString(), "--data-dir", dataDir),
                "--out " + dir + " is a directory");
    }
}
