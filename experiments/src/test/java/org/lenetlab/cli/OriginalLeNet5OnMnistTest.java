package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.OptimizerKind;

/**
 * The original LeNet-5 through {@code lenet run}: one pass of the paper's training (one pattern at a time, SDLM with
 * the curvature estimated on 500 patterns first) over all 60,000 training images, on the real MNIST files.
 */
class OriginalLeNet5OnMnistTest {
    @TempDir
    Path dir;

    @Test
    void onePassOfThePapersTrainingReaches97Percent() throws IOException {
        Path out = dir.resolve("paper-one-pass");
        Cli cli = Cli.run("run", "specs/paper-lenet5.json", "--epochs", "1", "--out", out.toString(), "--data-dir",
                MnistTestData.directory().toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        CellResult cell = results.cells().get(0);
        assertEquals(CellStatus.OK, cell.status(), cell.reason());
        assertEquals("lenet5-original", cell.model());
        assertEquals(60_000, cell.parameters().trainable());
        assertEquals(840, cell.parameters().fixed());
        assertEquals(1, cell.epochs().size());
        assertEquals(OptimizerKind.SDLM, cell.settings().optimizer());
        assertEquals(1, cell.settings().batchSize());
        // the paper's run is declared float64 in the spec; results record it and the device it ran on says so
        assertEquals(Precision.FLOAT64, cell.settings().precision());
        assertEquals("float64", ResultsWriter.mapper().readTree(out.resolve(ResultsWriter.FILE_NAME).toFile())
                .at("/cells/0/settings/precision").asText());
        assertTrue(cell.device().contains("float64"), cell.device());
        assertTrue(cell.testAccuracy() >= 0.97, "test accuracy " + cell.testAccuracy());
        assertTrue(cell.epochs().get(0).trainImagesPerSecond() > 0);
    }
}
