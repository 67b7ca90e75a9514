package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.ExperimentService;

/**
 * The {@code initialWeights} training setting on real MNIST: a cell that starts from a checkpoint continues at the
 * checkpoint's accuracy, a checkpoint that does not fit is refused before any training, the checkpoint's digest is
 * in the settings, the resolved spec, its hash and the provenance, and sweeps and {@code --resume} work with it.
 */
class FineTuneTest {
    @TempDir
    static Path dir;

    static Path dataDir;
    /** The checkpoint, in a sub-directory of the specs' directory. */
    static Path checkpoint;
    static double checkpointAccuracy;

    @BeforeAll
    static void trainTheStartingPoint() throws IOException {
        dataDir = MnistTestData.directory();
        Path spec = dir.resolve("first.json");
        Files.writeString(spec, spec("first", "\"epochs\": 1, \"learningRate\": 0.002", "lenet5-relu-maxpool", null));
        Path out = dir.resolve("first");
        Cli cli = run(spec, out);
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        checkpoint = CheckpointFiles.of(out, "lenet5-relu-maxpool/cpu/seed=0");
        checkpointAccuracy = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME)).cells().get(0).testAccuracy();
        assertTrue(checkpointAccuracy > 0.85, "the starting point has learnt: " + checkpointAccuracy);
    }

    private static String spec(String name, String training, String model, String initialWeights) {
        Path modelSpec = Path.of("specs/models/" + model + ".json").toAbsolutePath();
        return """
                {"experiment": "%s", "models": ["%s"], "dataset": {"name": "mnist", "trainLimit": 3000},
                 "training": {%s, "batchSize": 32, "optimizer": "adam",
                              "normalization": {"mean": 0.1307, "std": 0.3081}%s},
                 "seeds": [0]}
                """.formatted(name, modelSpec.toString().replace("\\", "/"), training,
                initialWeights == null ? "" : ", \"initialWeights\": \"" + initialWeights + "\"");
    }

    private static Cli run(Path spec, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The checkpoint's path relative to {@code dir}, the directory of every spec here. */
    private static String relativeCheckpoint() {
        return dir.relativize(checkpoint).toString().replace("\\", "/");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    private static String specSha256(Path spec) {
        return new ExperimentService(BackendRegistry.discover()).prepare(spec, ExperimentService.Overrides.NONE,
                Runtime.getRuntime().maxMemory()).specSha256();
    }

    @Test
    void aFineTunedCellContinuesAtTheCheckpointsAccuracyAndRecordsItsDigest() throws Exception {
        Path spec = dir.resolve("finetune.json");
        Files.writeString(spec, spec("finetune", "\"epochs\": 1, \"learningRate\": 0.0002", "lenet5-relu-maxpool",
                relativeCheckpoint()));
        Path out = dir.resolve("finetune");
        Cli cli = run(spec, out);
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        CellResult cell = results.cells().get(0);
        assertEquals(CellStatus.OK, cell.status());
        double first = cell.epochs().get(0).testAccuracy();
        assertTrue(first >= checkpointAccuracy - 0.005, "first fine-tuning epoch " + first
                + " is not below the checkpoint's " + checkpointAccuracy + " by more than 0.5 points");

        // the same spec from the seed's initial values, one epoch at the small rate, is far behind: the start counts
        Path scratchSpec = dir.resolve("scratch.json");
        Files.writeString(scratchSpec, spec("scratch", "\"epochs\": 1, \"learningRate\": 0.0002",
                "lenet5-relu-maxpool", null));
        Cli scratch = run(scratchSpec, dir.resolve("scratch"));
        assertEquals(0, scratch.exitCode(), scratch.out() + scratch.err());
        double fromScratch = ResultsWriter.read(dir.resolve("scratch").resolve(ResultsWriter.FILE_NAME)).cells().get(0)
                .testAccuracy();
        assertTrue(fromScratch < first - 0.02, "from scratch " + fromScratch + " vs fine-tuned " + first);

        String sha = sha256(checkpoint);
        assertEquals(relativeCheckpoint(), cell.settings().initialWeights());
        assertEquals(sha, cell.settings().initialWeightsSha256());
        assertEquals(sha, results.resolvedSpec().at("/training/initialWeightsSha256").asText());
        assertEquals(sha, results.provenance().data().get("initialWeights:" + relativeCheckpoint()));
        assertNull(ResultsWriter.read(dir.resolve("scratch").resolve(ResultsWriter.FILE_NAME)).cells().get(0)
                .settings().initialWeights(), "cells without the setting do not record it");

        // a baseline records it too, through the resolved spec and the cell ids' settings
        Path baseline = dir.resolve("finetune-baseline.json");
        Cli b = Cli.run("baseline", spec.toString(), "--out", baseline.toString(), "--data-dir", dataDir.toString());
        assertEquals(0, b.exitCode(), b.out() + b.err());
        assertTrue(Files.readString(baseline).contains(sha), "the baseline names the checkpoint's SHA-256");
    }

    @Test
    void theSpecHashCoversTheCheckpointsContentsAndAPinnedDigestIsEnforced() throws Exception {
        Path copy = dir.resolve("ckpt-copy").resolve("start.ckpt");
        Files.createDirectories(copy.getParent());
        Files.copy(checkpoint, copy);
        Path spec = dir.resolve("hash.json");
        Files.writeString(spec, spec("hash", "\"epochs\": 1, \"learningRate\": 0.0002", "lenet5-relu-maxpool",
                "ckpt-copy/start.ckpt"));
        String before = specSha256(spec);
        // another checkpoint of the same shapes under the same name: the spec text is unchanged, its hash is not
        Path other = dir.resolve("other");
        Path otherSpec = dir.resolve("other.json");
        Files.writeString(otherSpec, spec("other", "\"epochs\": 1, \"learningRate\": 0.001", "lenet5-relu-maxpool",
                null));
        assertEquals(0, run(otherSpec, other).exitCode());
        Files.copy(CheckpointFiles.of(other, "lenet5-relu-maxpool/cpu/seed=0"), copy,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(before, specSha256(spec));

        String pinned = "0".repeat(64);
        Files.writeString(spec, Files.readString(spec).replace("\"ckpt-copy/start.ckpt\"",
                "\"ckpt-copy/start.ckpt\", \"initialWeightsSha256\": \"" + pinned + "\""));
        Cli cli = Cli.run("validate", spec.toString());
        assertEquals(2, cli.exitCode());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(cli.err().contains("$.training.initialWeightsSha256: checkpoint 'ckpt-copy/start.ckpt' has SHA-256 "
                + sha256(copy) + ", not the " + pinned + " the spec names"), cli.err());
    }

    @Test
    void aCheckpointOfAnotherShapeIsOneLineNamingTheLayerAndBothShapesBeforeAnyTraining() throws IOException {
        Path spec = dir.resolve("mismatch.json");
        Files.writeString(spec, spec("mismatch", "\"epochs\": 1, \"learningRate\": 0.0002", "lenet5-conv3x3",
                relativeCheckpoint()));
        Path out = dir.resolve("mismatch");
        Cli cli = run(spec, out);
        assertEquals(2, cli.exitCode(), cli.out() + cli.err());
        String err = cli.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("$.training.initialWeights: checkpoint '" + relativeCheckpoint()
                + "' does not fit model 'lenet5-conv3x3': layer conv1: parameter conv1.weight has shape [6, 1, 5, 5] "
                + "in the checkpoint but [6, 1, 3, 3] in the model"), err);
        assertTrue(!Files.exists(out.resolve(ResultsWriter.FILE_NAME)), "nothing is written");
        Cli validate = Cli.run("validate", spec.toString());
        assertEquals(2, validate.exitCode());
        assertEquals(err.substring(err.indexOf("$.training")), validate.err().strip()
                .substring(validate.err().strip().indexOf("$.training")));

        Files.writeString(spec, spec("mismatch", "\"epochs\": 1, \"learningRate\": 0.0002", "lenet5-relu-maxpool",
                "no/such.ckpt"));
        Cli missing = Cli.run("validate", spec.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("$.training.initialWeights: checkpoint 'no/such.ckpt' not found"),
                missing.err());
        Path foreign = dir.resolve("foreign.ckpt");
        Files.writeString(foreign, "not a zip");
        Files.writeString(spec, spec("mismatch", "\"epochs\": 1, \"learningRate\": 0.0002", "lenet5-relu-maxpool",
                "foreign.ckpt"));
        Cli notACheckpoint = Cli.run("validate", spec.toString());
        assertEquals(2, notACheckpoint.exitCode());
        assertEquals(1, notACheckpoint.err().strip().lines().count(), notACheckpoint.err());
        assertTrue(notACheckpoint.err().contains("not a LeNet Lab checkpoint"), notACheckpoint.err());
    }

    @Test
    void aSweepStartsEveryCellFromTheCheckpointAndAResumedRunRedoesAMissingCellIdentically() throws IOException {
        Path spec = dir.resolve("sweep.json");
        Files.writeString(spec, spec("sweep", "\"epochs\": 1, \"learningRate\": [0.0002, 0.0005]",
                "lenet5-relu-maxpool", relativeCheckpoint()));
        Path out = dir.resolve("sweep");
        Cli cli = run(spec, out);
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals(2, results.cells().size());
        for (CellResult c : results.cells()) {
            assertTrue(c.epochs().get(0).testAccuracy() >= checkpointAccuracy - 0.005, c.id() + ": "
                    + c.epochs().get(0).testAccuracy() + " vs " + checkpointAccuracy);
        }
        String secondId = results.cells().get(1).id();
        String secondDigest = results.cells().get(1).weightsSha256();

        // as if the run had stopped before the second cell: drop its result and its checkpoint, then resume
        Path file = out.resolve(ResultsWriter.FILE_NAME);
        ObjectNode root = (ObjectNode) ResultsWriter.mapper().readTree(file.toFile());
        ((ArrayNode) root.get("cells")).remove(1);
        root.putNull("finishedAt");
        Files.writeString(file, ResultsWriter.mapper().writeValueAsString(root));
        Files.delete(CheckpointFiles.of(out, secondId));
        Cli resumed = run(spec, out, "--resume");
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        ResultsFile after = ResultsWriter.read(file);
        assertEquals(2, after.cells().size());
        assertEquals(secondId, after.cells().get(1).id());
        assertEquals(secondDigest, after.cells().get(1).weightsSha256(),
                "the redone cell started from the same checkpoint and trained to the same weights");
    }
}
