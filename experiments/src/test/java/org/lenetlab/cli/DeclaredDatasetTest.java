package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * A data set of the user's own, declared by its four IDX files: the test builds a few hundred 12×12 images of three
 * glyphs (a horizontal bar, a vertical bar, a diagonal), some files gzip-compressed, and trains on them through
 * {@code lenet run}; bad declarations are one line naming the JSON path, exit 2, nothing written.
 */
class DeclaredDatasetTest {
    private static final int SIDE = 12;
    private static final List<String> CLASSES = List.of("bar-h", "bar-v", "diagonal");

    @TempDir
    static Path dir;

    static Path data;
    static Map<String, String> sha256;

    @BeforeAll
    static void build() throws IOException {
        data = Files.createDirectories(dir.resolve("glyphs"));
        Random random = new Random(7);
        byte[][] train = glyphs(300, random);
        byte[][] test = glyphs(90, random);
        sha256 = new java.util.LinkedHashMap<>();
        sha256.put("trainImages", write("train-images.gz", train[0], true));
        sha256.put("trainLabels", write("train-labels", train[1], false));
        sha256.put("testImages", write("test-images", test[0], false));
        sha256.put("testLabels", write("test-labels.gz", test[1], true));
    }

    /** {images file bytes, labels file bytes} of {@code count} glyphs, classes in turn, with noise and a shift. */
    private static byte[][] glyphs(int count, Random random) {
        ByteBuffer images = ByteBuffer.allocate(16 + count * SIDE * SIDE);
        images.putInt(0x803).putInt(count).putInt(SIDE).putInt(SIDE);
        ByteBuffer labels = ByteBuffer.allocate(8 + count);
        labels.putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            int label = i % 3;
            int at = 2 + random.nextInt(SIDE - 4);
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    boolean ink = switch (label) {
                        case 0 -> r == at || r == at + 1;
                        case 1 -> c == at || c == at + 1;
                        default -> Math.abs(r - c - (at - SIDE / 2)) <= 1;
                    };
                    int v = ink ? 200 + random.nextInt(56) : random.nextInt(40);
                    images.put((byte) v);
                }
            }
            labels.put((byte) label);
        }
        return new byte[][] {images.array(), labels.array()};
    }

    private static String write(String name, byte[] bytes, boolean gzip) throws IOException {
        byte[] onDisk = bytes;
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            onDisk = out.toByteArray();
        }
        Files.write(data.resolve(name), onDisk);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dataset(String sha256Json) {
        return """
                {"name": "glyphs",
                 "files": {"trainImages": "glyphs/train-images.gz", "trainLabels": "glyphs/train-labels",
                           "testImages": "glyphs/test-images", "testLabels": "glyphs/test-labels.gz"},
                 %s
                 "classes": ["bar-h", "bar-v", "diagonal"],
                 "imageShape": {"height": 12, "width": 12}}
                """.formatted(sha256Json);
    }

    private static String checksums(Map<String, String> sha) {
        return """
                "sha256": {"trainImages": "%s", "trainLabels": "%s", "testImages": "%s", "testLabels": "%s"},
                """.formatted(sha.get("trainImages"), sha.get("trainLabels"), sha.get("testImages"),
                sha.get("testLabels"));
    }

    private static Path spec(String name, String dataset) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"experiment": "%s",
                 "models": [{"name": "glyph-net", "input": {"channels": 1, "height": 12, "width": 12},
                             "layers": [
                               {"type": "convolution", "name": "conv", "filters": 4, "kernel": 3},
                               {"type": "activation", "name": "relu", "function": "relu"},
                               {"type": "max-pooling", "name": "pool", "size": 2},
                               {"type": "flatten", "name": "flat"},
                               {"type": "dense", "name": "out", "units": 3, "inputs": 100}],
                             "loss": {"type": "softmax-cross-entropy"}}],
                 "dataset": %s,
                 "training": {"epochs": 4, "batchSize": 16, "optimizer": "adam", "learningRate": 0.01}}
                """.formatted(name, dataset));
        return file;
    }

    @Test
    void trainsOnTheDeclaredFilesAndRecordsTheirHashesAndClassNames() throws IOException {
        Path out = dir.resolve("run-ok");
        Cli cli = Cli.run("run", spec("glyphs-ok", dataset(checksums(sha256))).toString(), "--out", out.toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        CellResult cell = results.cells().get(0);
        assertEquals(CellStatus.OK, cell.status(), cell.reason());
        assertEquals(3, cell.confusionMatrix().size());
        int tested = cell.confusionMatrix().stream().mapToInt(r -> r.stream().mapToInt(Integer::intValue).sum()).sum();
        assertEquals(90, tested);
        assertTrue(cell.testAccuracy() > 0.9, "three glyphs are easy: " + cell.testAccuracy());
        assertEquals(sha256.get("trainImages"), results.data().get("glyphs/train-images.gz"), results.data().toString());
        assertEquals(sha256.get("testLabels"), results.data().get("glyphs/test-labels.gz"));
        assertEquals(4, results.data().size(), results.data().toString());
        assertEquals("glyphs", results.resolvedSpec().get("dataset").get("name").asText());
        String report = Files.readString(out.resolve("report.html"));
        for (String name : CLASSES) {
            assertTrue(report.contains(name), "the report names class " + name);
        }
    }

    @Test
    void optingOutOfChecksumsRunsAndIsRecorded() throws IOException {
        Path out = dir.resolve("run-unchecked");
        Cli cli = Cli.run("run", spec("glyphs-unchecked", dataset("\"skipChecksums\": true,")).toString(),
                "--out", out.toString(), "--epochs", "1");
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        ResultsFile results = ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
        assertEquals("not checked (skipChecksums)", results.data().get("glyphs/checksums"));
        assertEquals(sha256.get("trainLabels"), results.data().get("glyphs/train-labels"));
        assertTrue(results.resolvedSpec().get("dataset").get("skipChecksums").asBoolean());
    }

    @Test
    void aWrongChecksumNamesTheFileAndTheSpecFieldAndWritesNothing() throws IOException {
        Map<String, String> wrong = new java.util.LinkedHashMap<>(sha256);
        wrong.put("trainLabels", "0".repeat(64));
        Path out = dir.resolve("run-wrong");
        Cli cli = Cli.run("run", spec("glyphs-wrong", dataset(checksums(wrong))).toString(), "--out", out.toString());
        assertEquals(2, cli.exitCode(), cli.out() + cli.err());
        String line = cli.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("dataset.files.trainLabels") && line.contains("train-labels")
                && line.contains("differs from the declared " + "0".repeat(64)), line);
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void badDeclarationsAreOneLineWithTheirJsonPath() throws IOException {
        String[][] cases = {
            {dataset(""), "$.dataset.sha256: missing the SHA-256"},
            {dataset(checksums(sha256)).replace("glyphs/test-images\"", "glyphs/nope\""),
                "$.dataset.files.testImages:"},
            {dataset(checksums(sha256)).replace("\"bar-v\", ", ""),
                "the model must end with 2 outputs (one per class) but layer out gives 3"},
            {dataset(checksums(sha256).replace(sha256.get("testImages"), "xyz")),
                "$.dataset.sha256.testImages: not a SHA-256"},
            {"{\"name\": \"fashion\"}", "$.dataset.name: unknown data set 'fashion'; known: mnist, fashion-mnist"},
            {"{\"name\": \"mnist\", \"classes\": [\"a\", \"b\"]}", "$.dataset.classes: 'classes' belongs to a declared"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("run-bad");
            Cli cli = Cli.run("run", spec("glyphs-bad", c[0]).toString(), "--out", out.toString());
            assertEquals(2, cli.exitCode(), c[1] + ": " + cli.out() + cli.err());
            assertTrue(cli.err().contains(c[1]), "expected '" + c[1] + "' in: " + cli.err());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void validateKnowsTheDatasetFields() throws IOException {
        Cli cli = Cli.run("validate", spec("glyphs-valid", dataset(checksums(sha256))).toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
    }
}
