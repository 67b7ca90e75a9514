package org.lenetlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.cli.LenetCommand;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.ExperimentService;
import org.lenetlab.train.EpochResult;

/** Helpers of the Spark tests: the command line in-process, spec files, and comparing results. */
final class Runs {
    /** The shipped specs. */
    static final Path SPECS = Path.of("..", "experiments", "specs").toAbsolutePath().normalize();

    private Runs() {
    }

    /** One command line run in this JVM: what it printed so far, and its exit code once it ended. */
    static final class Cli {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private volatile Integer exitCode;

        /** Runs {@code lenet ARGS}; returns this. */
        Cli run(String... args) {
            exitCode = LenetCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return this;
        }

        Integer exitCode() {
            return exitCode;
        }

        String out() {
            return out.toString();
        }

        String output() {
            return out + "\n" + err;
        }
    }

    /** Runs {@code lenet ARGS} in this JVM. */
    static Cli lenet(String... args) {
        return new Cli().run(args);
    }

    /** Writes an experiment spec into {@code dir} with the shipped models {@code models} (file names). */
    static Path spec(Path dir, String name, List<String> models, String training, String seeds) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        List<String> refs = new ArrayList<>();
        for (String m : models) {
            Files.copy(SPECS.resolve("models").resolve(m), dir.resolve("models").resolve(m),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            refs.add("\"models/" + m + "\"");
        }
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, "{\"experiment\": \"" + name + "\", \"models\": [" + String.join(", ", refs)
                + "], \"dataset\": {\"name\": \"mnist\"}, \"training\": " + training + ", \"seeds\": " + seeds
                + ", \"backends\": [\"cpu\"]}");
        return file;
    }

    /** The definition of cell {@code index} of {@code spec} with {@code --limit-train trainLimit}. */
    static CellSpec cellSpec(Path spec, int trainLimit, int index) {
        return new ExperimentService(BackendRegistry.discover()).prepare(spec,
                new ExperimentService.Overrides(List.of(), null, trainLimit), Runtime.getRuntime().maxMemory())
                .cells().get(index).spec();
    }

    static ResultsFile results(Path runDir) throws IOException {
        return ResultsWriter.read(runDir.resolve(ResultsWriter.FILE_NAME));
    }

    /**
     * Asserts that two runs of one matrix give the same numbers: statuses, reasons, accuracies, losses, confusion
     * matrices, misclassified images and weight digests, cell by cell (timings, devices, provenance and placement
     * aside).
     */
    static void assertSameNumbers(ResultsFile expected, ResultsFile actual) {
        assertEquals(expected.cells().size(), actual.cells().size(), "cells");
        for (int i = 0; i < expected.cells().size(); i++) {
            CellResult e = expected.cells().get(i);
            CellResult a = actual.cells().get(i);
            String id = e.id();
            assertEquals(id, a.id());
            assertEquals(e.status(), a.status(), id);
            assertEquals(e.reason(), a.reason(), id);
            assertEquals(e.testAccuracy(), a.testAccuracy(), id);
            assertEquals(e.confusionMatrix(), a.confusionMatrix(), id);
            assertEquals(e.misclassified(), a.misclassified(), id);
            assertEquals(e.weightsSha256(), a.weightsSha256(), id);
            assertEquals(e.parameters(), a.parameters(), id);
            assertEquals(e.epochs().size(), a.epochs().size(), id);
            for (int k = 0; k < e.epochs().size(); k++) {
                EpochResult x = e.epochs().get(k);
                EpochResult y = a.epochs().get(k);
                assertEquals(x.trainLoss(), y.trainLoss(), id);
                assertEquals(x.trainAccuracy(), y.trainAccuracy(), id);
                assertEquals(x.testLoss(), y.testLoss(), id);
                assertEquals(x.testAccuracy(), y.testAccuracy(), id);
            }
        }
    }
}
