package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.data.ImageSet;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.onnx.OnnxExport;
import org.lenetlab.results.ResultsWriter;

/**
 * {@code lenet export} checked by an independent runtime: models trained here briefly are exported, ONNX Runtime
 * runs the files on all 10,000 MNIST test images, and its classes and scores are compared with what
 * {@code lenet predict} prints for the same images saved as PNG files.
 */
class OnnxExportTest {
    private static final int TEST_IMAGES = 10_000;
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    static ImageSet test;
    static List<String> pngs;

    @BeforeAll
    static void digitsAsFiles() throws IOException {
        test = MnistTestData.load().test();
        assertEquals(TEST_IMAGES, test.count());
        Path images = Files.createDirectories(dir.resolve("digits"));
        pngs = new ArrayList<>();
        for (int i = 0; i < TEST_IMAGES; i++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    image.getRaster().setSample(x, y, 0, Math.round(test.pixels()[i * 784 + y * 28 + x] * 255f));
                }
            }
            Path file = images.resolve(i + ".png");
            ImageIO.write(image, "png", file.toFile());
            pngs.add(file.toString());
        }
    }

    /** Trains {@code model} for one epoch on the first {@code limit} training images; returns its checkpoint. */
    private static Path train(String model, String training, int limit) throws IOException {
        Path spec = dir.resolve(model + ".json");
        Files.writeString(spec, """
                {"experiment": "export", "models": ["%s"],
                 "training": {"epochs": 1, %s}, "seeds": [0]}
                """.formatted(Path.of("specs/models/" + model + ".json").toAbsolutePath().toString()
                .replace("\\", "/"), training));
        Path out = dir.resolve("run-" + model);
        Cli cli = Cli.run("run", spec.toString(), "--out", out.toString(), "--data-dir",
                MnistTestData.directory().toString(), "--limit-train", Integer.toString(limit));
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        return CheckpointFiles.of(out, model + "/cpu/seed=0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lenet5-relu-maxpool-padded | \"batchSize\": 32, \"optimizer\": \"adam\", \"learningRate\": 0.002, \"normalization\": {\"mean\": 0.1307, \"std\": 0.3081} | softmax probabilities",
        "lenet5-original | \"batchSize\": 16, \"optimizer\": \"sgd\", \"learningRate\": 0.005 | network outputs (RBF distances: the smallest is the class)",
    })
    void onnxRuntimeAgreesWithPredictOnEveryTestImage(String model, String training, String scoreKind)
            throws Exception {
        Agreement a = agreement(model, training, 2000, TEST_IMAGES, scoreKind);
        assertTrue(a.correct() > TEST_IMAGES / 2, model + ": the exported model has learnt (" + a.correct()
                + " correct), so agreement means something");
    }

    /** The other shipped models, trained on fewer images and compared on the first 500 test images. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lenet5-relu-maxpool | softmax probabilities",
        "lenet5-conv3x3 | softmax probabilities",
        "lenet5-sigmoid-avgpool | softmax probabilities",
        "lenet5-gaussian-rbf | network outputs (the largest is the class)",
    })
    void everyOtherShippedModelExportsAndAgrees(String model, String scoreKind) throws Exception {
        agreement(model, "\"batchSize\": 32, \"optimizer\": \"adam\", \"learningRate\": 0.002", 500, 500,
                scoreKind);
    }

    /**
     * Trains {@code model}, exports it, and compares ONNX Runtime's classes and scores with {@code lenet predict}'s
     * on the first {@code images} test images: every class the same, every score within {@value #TOLERANCE}.
     */
    private static Agreement agreement(String model, String training, int limit, int images, String scoreKind)
            throws Exception {
        Path checkpoint = train(model, training, limit);
        Path onnx = dir.resolve(model + ".onnx");
        Cli export = Cli.run("export", checkpoint.toString(), "--out", onnx.toString());
        assertEquals(0, export.exitCode(), export.out() + export.err());
        assertTrue(export.out().contains("opset 13"), export.out());
        ai.onnx.proto.OnnxMl.ModelProto proto = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(1, proto.getOpsetImportCount());
        assertEquals("", proto.getOpsetImport(0).getDomain(), "only the default (standard) operator domain");
        assertEquals(13, proto.getOpsetImport(0).getVersion());

        List<String> args = new ArrayList<>(List.of("predict", "--json", checkpoint.toString()));
        args.addAll(pngs.subList(0, images));
        Cli predict = Cli.run(args.toArray(String[]::new));
        assertEquals(0, predict.exitCode(), predict.err());
        JsonNode json = ResultsWriter.mapper().readTree(predict.out());
        assertEquals(scoreKind.startsWith("softmax") ? "softmax probabilities" : "network outputs",
                json.get("scoreKind").asText());
        JsonNode rows = json.get("predictions");
        assertEquals(images, rows.size());

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions())) {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            assertEquals("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]",
                    metadata.get(OnnxExport.CLASS_NAMES));
            assertEquals(scoreKind, metadata.get("lenet.scores"));
            assertEquals(model, metadata.get("lenet.model"));

            int batch = Math.min(1000, images);
            int agree = 0;
            int correct = 0;
            double worst = 0;
            int worstImage = -1;
            for (int from = 0; from < images; from += batch) {
                float[] pixels = new float[batch * 784];
                System.arraycopy(test.pixels(), from * 784, pixels, 0, pixels.length);
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels),
                        new long[] {batch, 1, 28, 28});
                     OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
                    float[][] scores = (float[][]) result.get(OnnxExport.SCORES).orElseThrow().getValue();
                    long[] labels = (long[]) result.get(OnnxExport.LABEL).orElseThrow().getValue();
                    for (int i = 0; i < batch; i++) {
                        JsonNode row = rows.get(from + i);
                        if (labels[i] == row.get("prediction").asInt()) {
                            agree++;
                        }
                        if (labels[i] == test.labels()[from + i]) {
                            correct++;
                        }
                        JsonNode expected = row.get("scores");
                        assertEquals(10, scores[i].length);
                        for (int k = 0; k < 10; k++) {
                            double d = Math.abs(scores[i][k] - expected.get(k).asDouble());
                            if (d > worst) {
                                worst = d;
                                worstImage = from + i;
                            }
                        }
                    }
                }
            }
            assertEquals(images, agree, model + ": ONNX Runtime's class differs from predict's on "
                    + (images - agree) + " images");
            assertTrue(worst <= TOLERANCE, model + ": largest score difference " + worst + " (image " + worstImage
                    + ")");
            System.out.printf("%s: ONNX Runtime agrees with predict on %d of %d images, largest score difference"
                    + " %.3g, %d correct%n", model, agree, images, worst, correct);
            return new Agreement(agree, correct, worst);
        }
    }

    /** What {@link #agreement} found. */
    private record Agreement(int agree, int correct, double worst) {
    }

    @Test
    void aCorruptOrForeignCheckpointIsOneLineAndNothingIsWritten() throws IOException {
        Path corrupt = dir.resolve("corrupt.ckpt");
        Files.write(corrupt, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Path foreign = dir.resolve("foreign.ckpt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(foreign))) {
            zip.putNextEntry(new ZipEntry("model.pt"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        for (Path bad : List.of(corrupt, foreign, dir.resolve("missing.ckpt"))) {
            Path out = dir.resolve("bad.onnx");
            Cli cli = Cli.run("export", bad.toString(), "--out", out.toString());
            assertEquals(2, cli.exitCode(), cli.out() + cli.err());
            assertEquals(1, cli.err().strip().lines().count(), cli.err());
            assertTrue(cli.err().startsWith("lenet: " + bad + ": "), cli.err());
            assertFalse(Files.exists(out), "nothing is written");
        }
        Cli foreignCli = Cli.run("export", foreign.toString(), "--out", dir.resolve("f.onnx").toString());
        assertTrue(foreignCli.err().contains("not a LeNet Lab checkpoint"), foreignCli.err());
    }
}
