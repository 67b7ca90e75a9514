package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.data.ImageSet;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.Cell;
import org.lenetlab.run.CellSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Preprocessor;

/** {@code lenet predict} with a model trained here for one epoch on 2,000 images, on real MNIST test digits. */
class PredictCommandTest {
    private static final int DIGITS = 20;

    @TempDir
    static Path dir;

    static Path model;
    static ImageSet test;
    /** The network's own predictions on the first test images, normalised as in training. */
    static int[] own;

    @BeforeAll
    static void train() throws IOException {
        Path modelSpec = Path.of("specs/models/lenet5-relu-maxpool.json").toAbsolutePath();
        Path spec = dir.resolve("predict.json");
        Files.writeString(spec, """
                {"experiment": "predict", "models": ["%s"],
                 "training": {"epochs": 1, "batchSize": 32, "optimizer": "adam", "learningRate": 0.002,
                              "normalization": {"mean": 0.1307, "std": 0.3081}},
                 "seeds": [0]}
                """.formatted(modelSpec.toString().replace("\\", "/")));
        Path out = dir.resolve("run");
        Cli cli = Cli.run("run", spec.toString(), "--out", out.toString(), "--data-dir",
                MnistTestData.directory().toString(), "--limit-train", "2000");
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        model = CheckpointFiles.of(out, "lenet5-relu-maxpool/cpu/seed=0");
        assertTrue(Files.exists(model), "the final model is saved without --checkpoint-every");

        test = MnistTestData.load().test();
        own = Own.of(model, DIGITS).predictions();
    }

    /**
     * What the saved network itself computes on the first {@code n} MNIST test images prepared as training prepares
     * them (normalised, then the model's preprocessing), compiled as {@code predict} compiles it: for inference, in
     * the cell's precision.
     *
     * @param predictions the predicted classes
     * @param outputs     the last layer's outputs, row by row
     */
    record Own(int[] predictions, float[] outputs) {
        static Own of(Path checkpointFile, int n) {
            Checkpoint checkpoint = Checkpoint.read(checkpointFile);
            CellSpec cell = checkpoint.cell();
            ModelPlan plan = Cell.of(cell).plan();
            Normalization norm = cell.settings().normalization();
            ImageSet first = test.first(n).normalized(norm.mean(), norm.std());
            Examples examples = Preprocessor.apply(new Examples(first.pixels(), first.labels(), n, Shape.of(1, 28, 28)),
                    plan.preprocessing(), norm);
            int outputs = Math.toIntExact(plan.output().size());
            try (CompiledNetwork network = BackendRegistry.discover().get("cpu").compile(plan,
                    CompileOptions.inference(cell.settings().precision()))) {
                checkpoint.loadInto(network);
                ImageData data = network.images(examples.images(), examples.imageShape());
                int[] order = IntStream.range(0, n).toArray();
                int[] predictions = new int[n];
                network.evaluate(data, order, 0, n, first.labels(), predictions);
                float[] out = new float[n * outputs];
                network.forward(data, order, 0, n, out);
                return new Own(predictions, out);
            }
        }
    }

    private static int sample(int image, int y, int x) {
        return Math.round(test.pixels()[image * 784 + y * 28 + x] * 255f);
    }

    private static Path png(String name, int image, int scale, boolean invert, boolean colour) throws IOException {
        int size = 28 * scale;
        BufferedImage out = new BufferedImage(size, size, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = sample(image, y / scale, x / scale);
                v = invert ? 255 - v : v;
                if (colour) {
                    out.setRGB(x, y, v << 16 | v << 8 | v);
                } else {
                    out.getRaster().setSample(x, y, 0, v);
                }
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(out, "png", file.toFile());
        return file;
    }

    @Test
    void classifiesSavedDigitsAsTheNetworkDoesAndMostlyCorrectly() throws IOException {
        List<String> args = new ArrayList<>(List.of("predict", "--json", model.toString()));
        for (int i = 0; i < DIGITS; i++) {
            args.add(png("digit" + i + ".png", i, 1, false, false).toString());
        }
        args.add(png("scaled0.png", 0, 2, false, false).toString());
        args.add(png("inverted1.png", 1, 1, true, false).toString());
        args.add(png("colour-inverted-scaled2.png", 2, 3, true, true).toString());
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        JsonNode json = ResultsWriter.mapper().readTree(cli.out());
        assertEquals("lenet5-relu-maxpool/cpu/seed=0", json.get("cell").asText());
        assertEquals("softmax probabilities", json.get("scoreKind").asText());
        JsonNode rows = json.get("predictions");
        assertEquals(DIGITS + 3, rows.size());
        int[] predicted = new int[DIGITS];
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            JsonNode row = rows.get(i);
            predicted[i] = row.get("prediction").asInt();
            correct += predicted[i] == test.label(i) ? 1 : 0;
            assertEquals(false, row.get("resized").asBoolean());
            assertEquals(false, row.get("inverted").asBoolean());
            double sum = 0;
            for (JsonNode s : row.get("scores")) {
                sum += s.asDouble();
            }
            assertEquals(1.0, sum, 1e-4);
            assertEquals(row.get("scores").get(predicted[i]).asDouble(), row.get("score").asDouble(), 0.0);
        }
        assertArrayEquals(own, predicted, "predictions differ from the network's own on the same test images");
        assertTrue(correct >= 16, correct + " of " + DIGITS + " correct");

        JsonNode scaled = rows.get(DIGITS);
        assertEquals(true, scaled.get("resized").asBoolean());
        assertEquals(own[0], scaled.get("prediction").asInt());
        JsonNode inverted = rows.get(DIGITS + 1);
        assertEquals(true, inverted.get("inverted").asBoolean());
        assertEquals(own[1], inverted.get("prediction").asInt());
        JsonNode both = rows.get(DIGITS + 2);
        assertEquals(true, both.get("inverted").asBoolean());
        assertEquals(true, both.get("resized").asBoolean());
        assertEquals(own[2], both.get("prediction").asInt());
    }

    /**
     * A 32×32 model with preprocessing, trained in float64: the original LeNet-5 (MNIST padded by 2, background -0.1,
     * ink 1.175). A 28×28 digit is not resized; it is padded and mapped as training data is, and the network is
     * compiled in the cell's precision, so predict's outputs are the network's own on the same test images, value for
     * value. (Until the contract change, predict stretched the digit to 32×32 and skipped the value mapping.)
     */
    @Test
    void appliesTheModelsPreprocessingAfterResizingAndComputesInTheCellsPrecision() throws IOException {
        Path modelSpec = Path.of("specs/models/lenet5-original.json").toAbsolutePath();
        Path spec = dir.resolve("predict-original.json");
        Files.writeString(spec, """
                {"experiment": "predict-original", "models": ["%s"],
                 "training": {"epochs": 1, "batchSize": 1, "optimizer": "sdlm", "learningRate": 0.0005, "mu": 0.5,
                              "hessianSamples": 100, "precision": "float64"},
                 "seeds": [0]}
                """.formatted(modelSpec.toString().replace("\\", "/")));
        Path out = dir.resolve("run-original");
        Cli run = Cli.run("run", spec.toString(), "--out", out.toString(), "--data-dir",
                MnistTestData.directory().toString(), "--limit-train", "500");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Path original = CheckpointFiles.of(out, "lenet5-original/cpu/seed=0");
        int n = 8;
        Own reference = Own.of(original, n);

        List<String> args = new ArrayList<>(List.of("predict", "--json", original.toString()));
        for (int i = 0; i < n; i++) {
            args.add(png("original" + i + ".png", i, 1, false, false).toString());
        }
        args.add(png("original-scaled0.png", 0, 2, false, false).toString());
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        JsonNode json = ResultsWriter.mapper().readTree(cli.out());
        assertEquals("lenet5-original/cpu/seed=0", json.get("cell").asText());
        assertEquals("network outputs", json.get("scoreKind").asText());
        JsonNode rows = json.get("predictions");
        assertEquals(n + 1, rows.size());
        for (int i = 0; i < n; i++) {
            JsonNode row = rows.get(i);
            assertEquals(false, row.get("resized").asBoolean(), "a 28×28 digit fits the 32×32 model's padded input");
            assertEquals(reference.predictions()[i], row.get("prediction").asInt(), "digit " + i);
            assertEquals(10, row.get("scores").size());
            for (int k = 0; k < 10; k++) {
                assertEquals(reference.outputs()[i * 10 + k], (float) row.get("scores").get(k).asDouble(),
                        "digit " + i + ", output " + k);
            }
        }
        JsonNode scaled = rows.get(n);
        assertEquals(true, scaled.get("resized").asBoolean());
        assertEquals(reference.predictions()[0], scaled.get("prediction").asInt());
    }

    @Test
    void printsOneLinePerImage() throws IOException {
        Path a = png("line0.png", 0, 1, false, false);
        Path b = png("line1.png", 1, 2, true, false);
        Cli cli = Cli.run("predict", model.toString(), a.toString(), b.toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals(2, lines.size(), cli.out());
        assertTrue(lines.get(0).matches(java.util.regex.Pattern.quote(a.toString()) + ": " + own[0]
                + " \\(p=[01]\\.\\d\\d\\)  \\[0:[01]\\.\\d\\d( \\d:[01]\\.\\d\\d){9}]"), lines.get(0));
        assertTrue(lines.get(1).startsWith(b + ": " + own[1] + " (p="), lines.get(1));
    }

    @Test
    void ofAnAnimatedGifTheFirstFrameIsUsedAndSaid() throws IOException {
        BufferedImage first = ImageIO.read(png("frame0.png", 0, 1, false, false).toFile());
        BufferedImage second = ImageIO.read(png("frame1.png", 1, 1, false, false).toFile());
        Path gif = dir.resolve("animated.gif");
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(gif.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new javax.imageio.IIOImage(first, null, null), null);
            writer.writeToSequence(new javax.imageio.IIOImage(second, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        // the GIF's first frame as Java decodes it, saved losslessly on its own
        Path firstFrame = dir.resolve("animated-first-frame.png");
        ImageIO.write(ImageIO.read(gif.toFile()), "png", firstFrame.toFile());

        Cli cli = Cli.run("predict", model.toString(), gif.toString(), firstFrame.toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        List<String> lines = cli.out().lines().toList();
        assertTrue(lines.get(0).endsWith("]  (frame 1 of 2)"), lines.get(0));
        assertEquals(lines.get(1).substring(firstFrame.toString().length()),
                lines.get(0).substring(gif.toString().length(), lines.get(0).indexOf("  (frame")),
                "the same prediction and scores as the first frame alone");
        JsonNode json = ResultsWriter.mapper().readTree(Cli.run("predict", "--json", model.toString(), gif.toString()).out());
        assertEquals(1, json.get("predictions").get(0).get("frame").asInt());
        assertEquals(2, json.get("predictions").get(0).get("frames").asInt());
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        Path digit = png("ok.png", 0, 1, false, false);
        Path garbage = dir.resolve("garbage.ckpt");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
        Path text = dir.resolve("text.png");
        Files.writeString(text, "not an image");
        Path truncated = dir.resolve("truncated.png");
        byte[] bytes = Files.readAllBytes(digit);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 40));
        Path results = dir.resolve("run").resolve(ResultsWriter.FILE_NAME);
        String[][] cases = {
            {dir.resolve("missing.ckpt").toString(), digit.toString(), "missing.ckpt: no such file"},
            {garbage.toString(), digit.toString(), "garbage.ckpt: not a LeNet Lab checkpoint (not a readable ZIP file"},
            {results.toString(), digit.toString(), "results.json: not a LeNet Lab checkpoint (not a readable ZIP file"},
            {model.toString(), dir.resolve("missing.png").toString(), "missing.png: no such file"},
            {model.toString(), text.toString(), "text.png: not an image in a format LeNet Lab reads"},
            {model.toString(), truncated.toString(), "truncated.png: "},
        };
        for (String[] c : cases) {
            Cli cli = Cli.run("predict", c[0], c[1]);
            assertEquals(2, cli.exitCode(), String.join(" ", c) + ": " + cli.out() + cli.err());
            assertEquals("", cli.out());
            assertEquals(1, cli.err().strip().lines().count(), cli.err());
            assertTrue(cli.err().startsWith("lenet: ") && cli.err().contains(c[2]), c[2] + " not in: " + cli.err());
        }
        Cli noImages = Cli.run("predict", model.toString());
        assertEquals(2, noImages.exitCode());
    }
}
