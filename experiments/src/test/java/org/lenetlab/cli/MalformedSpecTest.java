package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lenetlab.results.ResultsWriter;

/** Malformed specs give one clear line naming file, position and JSON path, exit code 2, and write nothing. */
class MalformedSpecTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            {
              "experiment": "bad-input",
              "models": ["%s"],
              "training": {"epochs": 1, "batchSize": 64, "optimizer": "adam", "learningRate": 0.001}
            }
            """.formatted(Path.of("specs/models/lenet5-relu-maxpool.json").toAbsolutePath().toString().replace("\\", "/"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"epochs\": 1|\"epochs\": \"one\"|:4:|$.training.epochs: expected an integer",
        "\"adam\"|\"adamw\"|:4:|$.training.optimizer: expected one of sgd, adam, sdlm, got 'adamw'",
        "\"learningRate\": 0.001|\"learningRate\": -0.1|:4:|$.training.learningRate: must be a positive number, got -0.1",
        "\"training\"|\"trainig\"|:4:|$.trainig: unknown field 'trainig'; known fields:",
        "0.001}|0.001|:6:|invalid JSON:",
        "\"epochs\": 1|\"epochs\": []|:4:|$.training.epochs: an empty list leaves nothing to run",
    })
    void badExperimentGivesOneLineAndExitCode2(String from, String to, String position, String expected) throws IOException {
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, GOOD.replace(from, to));
        Path out = dir.resolve("out");
        for (String command : new String[] {"validate", "run"}) {
            Cli cli = command.equals("run") ? Cli.run("run", spec.toString(), "--out", out.toString())
                    : Cli.run("validate", spec.toString());
            assertEquals(2, cli.exitCode(), cli.out() + cli.err());
            assertEquals(1, cli.err().lines().count(), cli.err());
            String line = cli.err().strip();
            assertTrue(line.startsWith(spec + position), line);
            assertTrue(line.contains(expected), line);
            assertFalse(line.contains("Exception"), line);
            assertFalse(Files.exists(out), "nothing written for bad input");
        }
    }

    @Test
    void validSpecValidates() throws IOException {
        Path spec = dir.resolve("good.json");
        Files.writeString(spec, GOOD);
        Cli cli = Cli.run("validate", spec.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("valid experiment spec 'bad-input', 1 models, 1 cells"), cli.out());
    }

    @Test
    void shippedSpecsAllValidate() throws IOException {
        try (var files = Files.list(Path.of("specs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Cli cli = Cli.run("validate", f.toString());
                String initialWeights = ResultsWriter.mapper().readTree(f.toFile()).at("/training/initialWeights")
                        .asText(null);
                if (initialWeights != null && !Files.exists(f.getParent().resolve(initialWeights))) {
                    // a fine-tuning spec whose first step has not run here: refused with one line naming the file
                    assertEquals(2, cli.exitCode(), f + ": " + cli.out());
                    assertTrue(cli.err().contains("$.training.initialWeights: checkpoint '" + initialWeights
                            + "' not found"), cli.err());
                    continue;
                }
                assertEquals(0, cli.exitCode(), f + ": " + cli.err());
            }
        }
        try (var files = Files.list(Path.of("specs/models"))) {
            for (Path f : files.toList()) {
                Cli cli = Cli.run("validate", f.toString());
                assertEquals(0, cli.exitCode(), f + ": " + cli.err());
                assertTrue(cli.out().contains("valid model spec"), cli.out());
            }
        }
    }

    @Test
    void unknownBackendListsTheFoundOnes() throws IOException {
        Path spec = dir.resolve("b.json");
        Files.writeString(spec, GOOD.replace("\"training\"", "\"backends\": [\"tpu\"], \"training\""));
        Cli cli = Cli.run("validate", spec.toString());
        assertEquals(2, cli.exitCode());
        assertTrue(cli.err().contains("$.backends[0]: unknown backend 'tpu'; backends found: cpu"), cli.err());
        Cli flag = Cli.run("run", dir.resolve("b.json").toString(), "--backend", "tpu", "--out", dir.resolve("o").toString());
        assertEquals(2, flag.exitCode());
        assertTrue(flag.err().contains("unknown backend 'tpu' in --backend; backends found: cpu"), flag.err());
    }

    @Test
    void missingFileAndBadFlags() {
        Cli missing = Cli.run("validate", dir.resolve("nope.json").toString());
        assertEquals(2, missing.exitCode());
        assertEquals(dir.resolve("nope.json") + ": $: file not found", missing.err().strip());
        Cli flag = Cli.run("run", "specs/quickstart.json", "--epochs", "0");
        assertEquals(2, flag.exitCode());
        assertTrue(flag.err().contains("--epochs must be between 1 and 100000, got 0"), flag.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "summary", "backends", "validate", "fetch", "report", "bench"}) {
            Cli cli = Cli.run(command, "--help");
            assertEquals(0, cli.exitCode(), command + ": " + cli.err());
            assertTrue(cli.out().startsWith("Usage: lenet " + command), cli.out());
        }
    }

    @Test
    void backendsCommandListsCpu() {
        Cli cli = Cli.run("backends", "--json");
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("\"name\" : \"cpu\""), cli.out());
        assertTrue(cli.out().contains("\"available\" : true"), cli.out());
    }
}
