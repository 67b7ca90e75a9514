package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.data.MnistTestData;

/**
 * The bad-input corpus: every case ends in exactly one line on stderr that names the file and the problem, exit
 * code 2, no stack trace, and nothing in the output directory.
 */
class BadInputCorpusTest {
    @TempDir
    Path dir;

    private static final String MODEL = """
            {
              "name": "m",
              "layers": [
                {"type": "convolution", "name": "conv1", "filters": 6, "kernel": 5, "padding": 2},
                {"type": "activation", "name": "relu1", "function": "relu"},
                {"type": "max-pooling", "name": "pool1", "size": 2},
                {"type": "flatten", "name": "flat"},
                {"type": "dense", "name": "fc1", "units": 10, "inputs": 1176}
              ]
            }
            """;
    private static final String EXPERIMENT = """
            {
              "experiment": "corpus",
              "models": ["model.json"],
              "training": {"epochs": 1, "batchSize": 64, "optimizer": "sgd", "learningRate": 0.01},
              "seeds": [0],
              "backends": ["cpu"]
            }
            """;

    /** Where the bad text goes and what the one line must say. */
    enum Kind { MODEL, EXPERIMENT, DATA, FLAGS, FILE }

    record Case(String name, Kind kind, String text, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case model(String name, String from, String to, String expected) {
        if (!MODEL.contains(from)) {
            throw new IllegalArgumentException(name + ": " + from);
        }
        return new Case(name, Kind.MODEL, MODEL.replace(from, to), expected);
    }

    private static Case experiment(String name, String from, String to, String expected) {
        if (!EXPERIMENT.contains(from)) {
            throw new IllegalArgumentException(name + ": " + from);
        }
        return new Case(name, Kind.EXPERIMENT, EXPERIMENT.replace(from, to), expected);
    }

    static Stream<Arguments> corpus() {
        List<Case> cases = new ArrayList<>(List.of(
            new Case("empty model file", Kind.MODEL, "", "the file is empty; expected a JSON object"),
            new Case("blank model file", Kind.MODEL, " \n\t\n", "the file is empty"),
            new Case("not JSON", Kind.MODEL, "name: m\nlayers: []\n", "invalid JSON"),
            new Case("top-level array", Kind.MODEL, "[1, 2]", "expected an object"),
            new Case("top-level null", Kind.MODEL, "null", "expected a JSON object, got null"),
            model("truncated JSON", "    {\"type\": \"dense\", \"name\": \"fc1\", \"units\": 10, \"inputs\": 1176}\n  ]\n}", "    {\"type\": \"dense\"", "invalid JSON"),
            model("trailing garbage", "  ]\n}", "  ]\n}\n[1]", "unexpected content after the end of the JSON document"),
            model("duplicate key", "\"name\": \"m\",", "\"name\": \"m\", \"name\": \"n\",", "Duplicate field 'name'"),
            model("unknown top-level field", "\"name\": \"m\",", "\"name\": \"m\", \"optimiser\": \"adam\",", "$.optimiser: unknown field 'optimiser'"),
            model("unknown layer type", "\"type\": \"flatten\"", "\"type\": \"reshape\"", "unknown layer type 'reshape'; known layer types: convolution"),
            model("layer without type", "{\"type\": \"flatten\", \"name\": \"flat\"}", "{\"name\": \"flat\"}", "missing field \"type\""),
            model("unknown layer field", "\"kernel\": 5,", "\"kernel\": 5, \"dilation\": 2,", "$.layers[0].dilation: unknown field 'dilation'"),
            model("filters as string", "\"filters\": 6", "\"filters\": \"6\"", "$.layers[0].filters: expected an integer"),
            model("filters fractional", "\"filters\": 6", "\"filters\": 6.5", "$.layers[0].filters: expected an integer"),
            model("filters zero", "\"filters\": 6", "\"filters\": 0", "$.layers[0].filters: must be a positive integer, got 0"),
            model("filters negative", "\"filters\": 6", "\"filters\": -6", "must be a positive integer, got -6"),
            model("filters 10^12", "\"filters\": 6", "\"filters\": 1000000000000", "number 1000000000000 is out of range for an integer"),
            model("filters absurd but an int", "\"filters\": 6", "\"filters\": 2000000", "must be at most 65536, got 2000000"),
            model("kernel larger than input", "\"kernel\": 5", "\"kernel\": 40", "layer conv1 has a 40×40 window but the input gives 28×28"),
            model("stride zero", "\"kernel\": 5,", "\"kernel\": 5, \"stride\": 0,", "$.layers[0].stride: must be a positive integer, got 0"),
            model("negative padding", "\"padding\": 2", "\"padding\": -1", "$.layers[0].padding: must not be negative, got -1"),
            model("pooling size zero", "\"size\": 2", "\"size\": 0", "$.layers[2].size: must be a positive integer, got 0"),
            model("dense without units", "\"units\": 10, ", "", "missing required field 'units'"),
            model("dense inputs do not fit", "\"inputs\": 1176", "\"inputs\": 400", "layer fc1 expects 400 inputs but flat gives 1176"),
            model("dense without flatten", "{\"type\": \"flatten\", \"name\": \"flat\"},", "", "layer fc1 (dense) needs a flat input but pool1 gives 6×14×14"),
            model("convolution after flatten", "{\"type\": \"dense\",", "{\"type\": \"convolution\", \"filters\": 2, \"kernel\": 1}, {\"type\": \"dense\",", "needs a channels×height×width input but flat gives a flat 1176"),
            model("wrong number of outputs", "\"units\": 10", "\"units\": 12", "the model must end with 10 outputs (one per class) but layer fc1 gives 12"),
            new Case("empty layers", Kind.MODEL, "{\"name\": \"m\", \"layers\": []}", "$.layers: a model needs at least one layer"),
            new Case("missing layers", Kind.MODEL, "{\"name\": \"m\"}", "missing required field 'layers'"),
            model("missing name", "\"name\": \"m\",", "", "missing required field 'name'"),
            model("duplicate layer names", "\"name\": \"relu1\"", "\"name\": \"conv1\"", "two layers are named 'conv1'"),
            model("dropout rate one", "{\"type\": \"flatten\", \"name\": \"flat\"},", "{\"type\": \"flatten\", \"name\": \"flat\"}, {\"type\": \"dropout\", \"rate\": 1.0},", "must be at least 0 and below 1, got 1.0"),
            model("unknown activation", "\"function\": \"relu\"", "\"function\": \"swish\"", "expected one of relu, sigmoid, tanh, scaled-tanh, got 'swish'"),
            model("unknown initializer", "\"name\": \"m\",", "\"name\": \"m\", \"initializer\": \"glorot\",", "$.initializer: expected one of xavier-uniform"),
            model("null layer", "{\"type\": \"flatten\", \"name\": \"flat\"},", "null,", "$.layers[3]: a layer must be an object with a \"type\", not null"),
            model("rgb input for mnist", "\"name\": \"m\",", "\"name\": \"m\", \"input\": {\"channels\": 3},", "mnist images are 1×28×28 but the model's input is 3×28×28"),
            experiment("missing experiment name", "\"experiment\": \"corpus\",", "", "missing required field 'experiment'"),
            experiment("no models", "[\"model.json\"]", "[]", "$.models: an experiment needs at least one model"),
            experiment("missing model file", "model.json", "missing.json", "$.models[0]: model file 'missing.json' not found"),
            experiment("model path is a directory", "model.json", "sub", "$.models[0]: model path 'sub' is a directory, not a model spec file"),
            experiment("includes itself", "[\"model.json\"]", "[\"spec.json\"]", "$.models[0]: the experiment names itself as a model"),
            experiment("zero epochs", "\"epochs\": 1", "\"epochs\": 0", "$.training.epochs: must be between 1 and 100000, got 0"),
            experiment("empty batch-size sweep", "\"batchSize\": 64", "\"batchSize\": []", "$.training.batchSize: an empty list leaves nothing to run"),
            experiment("unknown optimizer", "\"sgd\"", "\"rmsprop\"", "$.training.optimizer: expected one of sgd, adam, sdlm, got 'rmsprop'"),
            experiment("negative learning rate", "\"learningRate\": 0.01", "\"learningRate\": -0.01", "must be a positive number, got -0.01"),
            experiment("learning rate as string", "\"learningRate\": 0.01", "\"learningRate\": \"0.01\"", "$.training.learningRate: expected a number"),
            experiment("momentum above one", "\"learningRate\": 0.01", "\"learningRate\": 0.01, \"momentum\": 1.5", "$.training.momentum: must be in [0, 1), got 1.5"),
            experiment("unknown precision", "\"learningRate\": 0.01", "\"learningRate\": 0.01, \"precision\": \"float16\"", "$.training.precision: expected one of float32, float64, got 'float16'"),
            experiment("empty precision sweep", "\"learningRate\": 0.01", "\"learningRate\": 0.01, \"precision\": []", "$.training.precision: an empty list leaves nothing to run"),
            experiment("no seeds", "\"seeds\": [0]", "\"seeds\": []", "$.seeds: an empty list leaves nothing to run"),
            experiment("duplicate seeds", "\"seeds\": [0]", "\"seeds\": [0, 0]", "$.seeds[1]: seed 0 is listed twice"),
            experiment("unknown backend", "[\"cpu\"]", "[\"tpu\"]", "$.backends[0]: unknown backend 'tpu'; backends found: cpu"),
            experiment("unknown data set", "\"seeds\"", "\"dataset\": {\"name\": \"cifar10\"}, \"seeds\"", "$.dataset.name: unknown data set 'cifar10'; known: mnist"),
            experiment("train limit zero", "\"seeds\"", "\"dataset\": {\"name\": \"mnist\", \"trainLimit\": 0}, \"seeds\"", "$.dataset.trainLimit: must be between 1 and 60000"),
            experiment("zero standard deviation", "\"learningRate\": 0.01", "\"learningRate\": 0.01, \"normalization\": {\"mean\": 0.5, \"std\": 0}", "$.training.normalization.std: must be a positive number, got 0.0"),
            experiment("batch too large for memory", "\"batchSize\": 64", "\"batchSize\": 60000", "needs about"),
            new Case("data dir missing", Kind.DATA, "nowhere", "nowhere"),
            new Case("data dir without labels", Kind.DATA, "no-labels", "t10k-labels-idx1-ubyte"),
            new Case("truncated images", Kind.DATA, "truncated", "train-images-idx3-ubyte"),
            new Case("wrong magic number", Kind.DATA, "magic", "train-labels-idx1-ubyte"),
            new Case("wrong image count", Kind.DATA, "count", "t10k-images-idx3-ubyte"),
            new Case("corrupted gzip", Kind.DATA, "gzip", "t10k-labels-idx1-ubyte"),
            new Case("data file is a FIFO", Kind.DATA, "fifo", "t10k-images-idx3-ubyte: is a FIFO (named pipe), not a regular file"),
            new Case("gzip data file inflating past its size", Kind.DATA, "bomb", "t10k-images-idx3-ubyte.gz: inflates to more than the expected 7,840,016 bytes"),
            new Case("model file is a FIFO", Kind.FILE, "model-fifo", "is a FIFO (named pipe), not a regular file; a spec file must be a regular file"),
            new Case("model file links to a device", Kind.FILE, "model-device", "is a character device, not a regular file"),
            new Case("spec file over the size limit", Kind.FILE, "spec-over-limit", "is 4.0 MiB (4,194,305 bytes); a spec file may be at most 4 MiB"),
            new Case("epochs flag zero", Kind.FLAGS, "--epochs=0", "--epochs must be between 1 and 100000, got 0"),
            new Case("limit-train flag too large", Kind.FLAGS, "--limit-train=70000", "--limit-train must be between 1 and 60000, got 70000"),
            new Case("unknown flag", Kind.FLAGS, "--epoch=3", "Unknown option: '--epoch=3'"),
            new Case("unknown backend flag", Kind.FLAGS, "--backend=gpu", "unknown backend 'gpu' in --backend; backends found: cpu"),
            new Case("checkpoint interval zero", Kind.FLAGS, "--checkpoint-every=0", "--checkpoint-every must be between 1 and 100000, got 0"),
            new Case("checkpoint interval not a number", Kind.FLAGS, "--checkpoint-every=often", "Invalid value for option '--checkpoint-every'"),
            new Case("force without resume", Kind.FLAGS, "--force=true", "--force only applies with --resume")));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputGivesOneClearLineExitCode2AndWritesNothing(Case c) throws IOException {
        Path model = dir.resolve("model.json");
        Path spec = dir.resolve("spec.json");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(model, c.kind() == Kind.MODEL ? c.text() : MODEL);
        Files.writeString(spec, c.kind() == Kind.EXPERIMENT ? c.text() : EXPERIMENT);
        if (c.kind() == Kind.FILE) {
            switch (c.text()) {
                case "model-fifo" -> {
                    Files.delete(model);
                    HostileInputs.fifo(model);
                }
                case "model-device" -> {
                    Files.delete(model);
                    Files.createSymbolicLink(model, Path.of("/dev/zero"));
                }
                case "spec-over-limit" -> HostileInputs.sparse(spec, (4L << 20) + 1);
                default -> throw new IllegalArgumentException(c.text());
            }
        }
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString()));
        String mustName = c.kind() == Kind.MODEL || c.text().startsWith("model-") ? model.toString() : spec.toString();
        if (c.kind() == Kind.DATA) {
            Path data = badDataDir(c.text());
            args.addAll(List.of("--data-dir", data.toString()));
            mustName = c.expected();
        } else if (c.kind() == Kind.FLAGS) {
            args.add(c.text());
            mustName = c.text().startsWith("--epoch=") ? "--epoch" : c.text().substring(0, c.text().indexOf('='));
        }
        // a FIFO must not block: a run still going after the timeout fails
        Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args.toArray(String[]::new)));
        assertEquals(2, cli.exitCode(), c + ": " + cli.out() + cli.err());
        List<String> lines = cli.err().lines().toList();
        assertEquals(1, lines.size(), c + ": " + cli.err());
        String line = lines.get(0);
        assertTrue(line.contains(mustName), c + ": the line must name " + mustName + ": " + line);
        assertTrue(line.contains(c.expected()), c + ": expected '" + c.expected() + "' in: " + line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), c + ": no stack trace: " + line);
        assertFalse(Files.exists(out), c + ": nothing may be written");
        if (c.kind() == Kind.MODEL || c.text().startsWith("model-")) {
            Cli validate = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("validate", model.toString()));
            assertEquals(2, validate.exitCode(), c + ": validate " + validate.err());
            assertTrue(validate.err().strip().contains(c.expected()), c + ": validate said " + validate.err());
        }
    }

    /** A data directory with one thing wrong, named by {@code what}; the other files are the real ones. */
    private Path badDataDir(String what) throws IOException {
        Path real = MnistTestData.directory();
        Path data = dir.resolve("data-" + what);
        if (what.equals("nowhere")) {
            return dir.resolve("nowhere");
        }
        Files.createDirectories(data);
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.createSymbolicLink(data.resolve(f), real.resolve(f));
        }
        switch (what) {
            case "no-labels" -> Files.delete(data.resolve("t10k-labels-idx1-ubyte"));
            case "truncated" -> replace(data, "train-images-idx3-ubyte", b -> ByteBuffer.wrap(b, 0, b.length / 2));
            case "magic" -> replace(data, "train-labels-idx1-ubyte", b -> {
                b[3] = 0x03;
                return ByteBuffer.wrap(b);
            });
            case "count" -> replace(data, "t10k-images-idx3-ubyte", b -> {
                b[7] = (byte) (b[7] + 1);
                return ByteBuffer.wrap(b);
            });
            case "fifo" -> {
                Files.delete(data.resolve("t10k-images-idx3-ubyte"));
                HostileInputs.fifo(data.resolve("t10k-images-idx3-ubyte"));
            }
            case "bomb" -> {
                Files.delete(data.resolve("t10k-images-idx3-ubyte"));
                HostileInputs.gzipBomb(data.resolve("t10k-images-idx3-ubyte.gz"),
                        HostileInputs.idxImageHeader(10_000, 28, 28), 16L << 20);
            }
            case "gzip" -> {
                Path target = data.resolve("t10k-labels-idx1-ubyte");
                byte[] bytes = Files.readAllBytes(real.resolve("t10k-labels-idx1-ubyte"));
                Files.delete(target);
                Path gz = data.resolve("t10k-labels-idx1-ubyte.gz");
                try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
                    o.write(bytes);
                }
                byte[] packed = Files.readAllBytes(gz);
                packed[packed.length / 2] ^= 0x5a;
                Files.write(gz, packed);
            }
            default -> throw new IllegalArgumentException(what);
        }
        return data;
    }

    private static void replace(Path data, String file, java.util.function.Function<byte[], ByteBuffer> change)
            throws IOException {
        Path target = data.resolve(file);
        byte[] bytes = Files.readAllBytes(target);
        Files.delete(target);
        ByteBuffer changed = change.apply(bytes);
        Files.write(target, java.util.Arrays.copyOfRange(changed.array(), changed.position(), changed.limit()));
    }
}
