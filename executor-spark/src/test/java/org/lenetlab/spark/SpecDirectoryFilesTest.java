package org.lenetlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;

/**
 * Cells that read files named relative to the spec run under Spark as they run here: a fine-tuning cell's
 * {@code training.initialWeights} (resolved by the driver, sent to the task as an absolute path, its SHA-256 checked
 * where the cell runs) and a declared data set's {@code dataset.files}. Spark's local mode; both runs equal the
 * local run.
 */
class SpecDirectoryFilesTest {
    private static final String[] SPARK = {"--executor", "spark", "--master", "local[2]", "--conf",
        "spark.ui.enabled=false"};

    @TempDir
    Path dir;

    @Test
    void aFineTuningCellStartsFromTheCheckpointTheSpecNames() throws IOException {
        Path base = Runs.spec(dir, "base", List.of("lenet5-relu-maxpool.json"),
                "{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"adam\", \"learningRate\": 0.001}", "[0]");
        Runs.Cli first = Runs.lenet("run", base.toString(), "--limit-train", "300", "--out",
                dir.resolve("base-run").toString());
        assertEquals(0, first.exitCode(), first.output());
        Path specs = Files.createDirectories(dir.resolve("more"));
        Runs.spec(specs, "tune", List.of("lenet5-relu-maxpool.json"), "{\"epochs\": 1, \"batchSize\": 64, "
                + "\"optimizer\": \"adam\", \"learningRate\": 0.0001, \"initialWeights\": "
                + "\"../base-run/checkpoints/lenet5-relu-maxpool__cpu__seed=0.ckpt\"}", "[0, 1]");
        Path tune = specs.resolve("tune.json");
        ResultsFile local = run(tune, dir.resolve("tune-local"));
        ResultsFile spark = run(tune, dir.resolve("tune-spark"), SPARK);
        for (CellResult cell : spark.cells()) {
            assertEquals(CellStatus.OK, cell.status(), cell.reason());
        }
        Runs.assertSameNumbers(local, spark);
        ResultsFile fromSeeds = run(base, dir.resolve("seed-only"), "--epochs", "1");
        assertNotEquals(fromSeeds.cells().get(0).weightsSha256(), spark.cells().get(0).weightsSha256(),
                "the cell started from the checkpoint, not from its seed");
    }

    @Test
    void aDeclaredDataSetIsReadFromItsFilesOnTheExecutors() throws IOException {
        Path data = Files.createDirectories(dir.resolve("glyphs"));
        Random random = new Random(3);
        List<String> sha = new java.util.ArrayList<>(idx(data, "train", 120, random));
        sha.addAll(idx(data, "test", 60, random));
        Path spec = dir.resolve("glyphs.json");
        Files.writeString(spec, """
                {"experiment": "glyphs",
                 "models": [{"name": "glyph-net", "input": {"channels": 1, "height": 12, "width": 12},
                             "layers": [{"type": "flatten", "name": "flat"},
                                        {"type": "dense", "name": "out", "units": 3}],
                             "loss": {"type": "softmax-cross-entropy"}}],
                 "dataset": {"name": "glyphs",
                             "files": {"trainImages": "glyphs/train-images", "trainLabels": "glyphs/train-labels",
                                       "testImages": "glyphs/test-images", "testLabels": "glyphs/test-labels"},
                             "sha256": {"trainImages": "%s", "trainLabels": "%s", "testImages": "%s",
                                        "testLabels": "%s"},
                             "classes": ["bar-h", "bar-v", "dot"], "imageShape": {"height": 12, "width": 12}},
                 "training": {"epochs": 2, "batchSize": 16, "optimizer": "adam", "learningRate": 0.01},
                 "seeds": [0, 1]}
                """.formatted(sha.toArray()));
        ResultsFile local = run(spec, dir.resolve("glyphs-local"));
        ResultsFile spark = run(spec, dir.resolve("glyphs-spark"), SPARK);
        for (CellResult cell : spark.cells()) {
            assertEquals(CellStatus.OK, cell.status(), cell.reason());
        }
        Runs.assertSameNumbers(local, spark);
    }

    private ResultsFile run(Path spec, Path out, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        if (spec.getFileName().toString().startsWith("tune") || spec.getFileName().toString().startsWith("base")) {
            args.addAll(List.of("--limit-train", "300"));
        }
        Runs.Cli cli = Runs.lenet(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.output());
        return Runs.results(out);
    }

    /** Writes IDX images and labels of {@code count} 12×12 glyphs of three classes (bars and a dot), with noise; returns their SHA-256s. */
    private static List<String> idx(Path dir, String name, int count, Random random) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + count * 144).putInt(0x803).putInt(count).putInt(12).putInt(12);
        ByteBuffer labels = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            int label = i % 3;
            int at = 2 + random.nextInt(8);
            for (int r = 0; r < 12; r++) {
                for (int c = 0; c < 12; c++) {
                    boolean ink = label == 0 ? r == at : label == 1 ? c == at : Math.abs(r - at) + Math.abs(c - at) < 2;
                    images.put((byte) (ink ? 200 + random.nextInt(56) : random.nextInt(40)));
                }
            }
            labels.put((byte) label);
        }
        Files.write(dir.resolve(name + "-images"), images.array());
        Files.write(dir.resolve(name + "-labels"), labels.array());
        return List.of(sha256(images.array()), sha256(labels.array()));
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
