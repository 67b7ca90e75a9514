package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.TrainingSettings;

/** {@code lenet baseline} and {@code lenet verify} on finished runs ({@code --results}): no training. */
class GateCommandsTest {
    /**
     * Allure's report generator reads every {@code *.xml} file among the results as a JUnit report, attachments
     * included, so JUnit XML is attached under another extension.
     */
    private static final String XML_ATTACHMENT = ".junit.txt";

    @TempDir
    Path dir;

    Path run;

    /** A finished run of one cell whose mistakes are all true 0 predicted 1. */
    private static ResultsFile results(double accuracy) {
        int wrong = (int) Math.round((1 - accuracy) * 10_000);
        TrainingSettings settings = new TrainingSettings(1, 64, OptimizerKind.SGD, 0.01, 0.0, null, null, null, 0,
                Normalization.NONE, 1000, null);
        CellResult cell = new CellResult("m/cpu/seed=0", "m", "cpu", 0, settings, CellStatus.OK, null, "dev",
                new ParameterCounts(100, 0), List.of(new EpochResult(1, 0.5, 0.8, 0.4, accuracy, 1, 1, 0.1)), accuracy,
                List.of(List.of(5000 - wrong, wrong), List.of(0, 5000)), List.of(), List.of(), null, null, "abc");
        return new ResultsFile("demo", "demo.json", "sha", null, "t0", "t1", null, Map.of(), List.of(cell));
    }

    @BeforeEach
    void finishedRun() {
        run = dir.resolve("run");
        ResultsWriter.write(run, results(0.95));
    }

    @Test
    void baselineThenVerifyPassesAndWritesJUnit() throws Exception {
        Path baseline = dir.resolve("baselines/demo.json");
        Cli recorded = Cli.run("baseline", "--results", run.toString(), "--out", baseline.toString(),
                "--tolerance", "testAccuracy=0.01");
        assertEquals(0, recorded.exitCode(), recorded.out() + recorded.err());
        assertTrue(recorded.out().contains("baseline of demo: 1 cell written to " + baseline), recorded.out());
        assertTrue(Files.readString(baseline).contains("\"testAccuracy\": 0.01"));

        Cli verified = Cli.run("verify", "--baseline", baseline.toString(), "--results", run.toString());
        Allure.addAttachment("lenet verify (passing)", "text/plain", verified.out(), ".txt");
        assertEquals(0, verified.exitCode(), verified.out() + verified.err());
        assertTrue(verified.out().contains("verify: passed"), verified.out());
        Path junit = run.resolve(VerifyCommand.JUNIT_FILE);
        assertTrue(verified.out().contains("JUnit report: " + junit), verified.out());
        assertTrue(Files.readString(junit).contains("failures=\"0\""));
    }

    @Test
    void verifyFailsOutsideTheToleranceAndTheFlagOverridesIt() throws Exception {
        Path baseline = dir.resolve("demo-baseline.json");
        assertEquals(0, Cli.run("baseline", "--results", run.toString(), "--out", baseline.toString()).exitCode());
        Path moved = dir.resolve("moved");
        ResultsWriter.write(moved, results(0.953));
        Path junit = dir.resolve("reports/TEST-demo.xml");
        Cli failed = Cli.run("verify", "--baseline", baseline.toString(), "--results", moved.toString(),
                "--junit", junit.toString());
        Allure.addAttachment("lenet verify (failing)", "text/plain", failed.out(), ".txt");
        Allure.addAttachment("JUnit XML", "application/xml", Files.readString(junit), XML_ATTACHMENT);
        assertEquals(1, failed.exitCode(), failed.out() + failed.err());
        assertTrue(failed.out().lines().anyMatch(l -> l.startsWith("m/cpu/seed=0") && l.contains("testAccuracy (epoch 1)")
                && l.contains("+0.003") && l.endsWith("FAIL")), failed.out());
        assertTrue(Files.readString(junit).contains("failures=\"2\""), Files.readString(junit));
        Cli loose = Cli.run("verify", "--baseline", baseline.toString(), "--results", moved.toString(),
                "--junit", junit.toString(), "--tolerance", "testAccuracy=0.5%", "--tolerance", "confusionMatrix=30");
        assertEquals(0, loose.exitCode(), loose.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "verify --baseline {dir}/none.json --results {run}|{dir}/none.json: baseline file not found",
        "verify --baseline {dir}/bad.json --results {run}|{dir}/bad.json:1:",
        "verify --baseline {dir}/notbaseline.json --results {run}|{dir}/notbaseline.json:1:",
        "verify --baseline {dir}/good.json --results {run} --tolerance accuracy=1|lenet: --tolerance 'accuracy=1': unknown metric 'accuracy'",
        "verify --baseline {dir}/good.json --results {dir}/nothing|lenet: {dir}/nothing: results file not found",
        "verify --baseline {dir}/good.json|lenet: give the experiment SPEC to rerun, or --results DIR of a finished run",
        "verify --baseline {dir}/good.json --results {run} specs/ci-smoke.json|is a run of another spec than specs/ci-smoke.json",
        "verify --results {run}|lenet: Missing required option: '--baseline=FILE'",
        "baseline --results {run}|lenet: Missing required option: '--out=FILE'",
        "baseline --results {run} --out {dir}|is a directory; give the baseline file's name",
        "baseline --out {dir}/b.json|lenet: give an experiment SPEC to run, or --results DIR of a finished run",
    })
    void badInputIsOneLineAndExitCode2(String command, String message) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"format\": ");
        Files.writeString(dir.resolve("notbaseline.json"), "{\"experiment\": \"x\", \"cells\": 3}");
        assertEquals(0, Cli.run("baseline", "--results", run.toString(), "--out", dir.resolve("good.json").toString())
                .exitCode());
        String[] args = command.replace("{dir}", dir.toString()).replace("{run}", run.toString()).split(" ");
        Cli cli = Cli.run(args);
        assertEquals(2, cli.exitCode(), cli.out() + cli.err());
        assertEquals(1, cli.err().lines().count(), cli.err());
        String expected = message.replace("{dir}", dir.toString());
        assertTrue(cli.err().contains(expected), cli.err());
        assertFalse(cli.err().contains("Exception"), cli.err());
    }
}
