package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.gates.Baseline;

/**
 * Every command on each hostile input, in a child JVM with a small heap ({@value #HEAP}): special files (FIFO,
 * character device, socket, directory, symlink to a FIFO) and files larger than their kind allows in every place a
 * command reads a file; images whose header declares a huge canvas; checkpoints whose entries inflate past what
 * their {@code checkpoint.json} implies or that declare more than the heap holds; gzip data files that inflate
 * without end. Each must end in exactly one line on stderr naming the file, exit code 2, no
 * {@code OutOfMemoryError}, no stack trace, nothing written; a command still running after
 * {@value #TIMEOUT_SECONDS} seconds fails (it hung). The inputs are generated here; the large ones are sparse or
 * compress to kilobytes.
 *
 * <p>One child JVM ({@link HostileBatch}) runs the command lines one after the other, so that the whole matrix
 * costs one JVM start; a few of them also run each in its own {@code lenet} process, as {@code ./lenet} runs, to
 * show the exit code of a real process. The two commands that cannot reach their input within 256 MB ({@code run}
 * first checks that MNIST fits in the heap) meet theirs in process, with a timeout.
 */
class HostileInputTest {
    static final String HEAP = "-Xmx256m";
    static final int TIMEOUT_SECONDS = 20;
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    static Path root;

    static Path work;
    static List<Case> cases;
    static Map<String, Outcome> outcomes = new LinkedHashMap<>();
    static String batchLog;
    static Map<String, Double> seconds = new LinkedHashMap<>();
    static Map<String, Outcome> lone = new LinkedHashMap<>();

    /** One command line, the file it must name and what its one line must say. */
    record Case(String name, List<String> args, Path file, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a command printed and how it ended. */
    record Outcome(int exitCode, String out, String err, String thrown, boolean hung) {
    }

    /** Names of the cases that also run in a process of their own. */
    private static final List<String> LONE = List.of("validate: spec is a FIFO", "predict: image canvas.png",
            "predict: checkpoint tensor-lie.ckpt", "fetch: data-bomb");

    @BeforeAll
    static void runTheMatrix() throws Exception {
        long start = System.nanoTime();
        cases = cases();
        long made = System.nanoTime();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode list = mapper.createArrayNode();
        for (Case c : cases) {
            ObjectNode node = list.addObject();
            node.put("name", c.name());
            c.args().forEach(node.withArray("args")::add);
        }
        Path casesFile = Files.writeString(root.resolve("cases.json"), mapper.writeValueAsString(list));
        Path resultsFile = root.resolve("results.jsonl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP));
        command.addAll(FAST_START);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HostileBatch.class.getName(),
                casesFile.toString(), resultsFile.toString(), String.valueOf(TIMEOUT_SECONDS)));
        Path log = root.resolve("batch.log");
        ProcessBuilder batch = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        batch.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process child = batch.start();
        for (Case c : cases) {
            if (LONE.contains(c.name())) {
                lone.put(c.name(), runAlone(c));
            }
        }
        if (!child.waitFor((long) TIMEOUT_SECONDS * cases.size(), TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
        }
        long done = System.nanoTime();
        batchLog = Files.readString(log, StandardCharsets.UTF_8);
        if (Files.exists(resultsFile)) {
            for (String line : Files.readAllLines(resultsFile, StandardCharsets.UTF_8)) {
                JsonNode r = mapper.readTree(line);
                outcomes.put(r.get("name").asText(), new Outcome(r.get("exitCode").asInt(), r.get("out").asText(),
                        r.get("err").asText(), r.get("thrown").isNull() ? null : r.get("thrown").asText(),
                        r.get("hung").asBoolean()));
                seconds.put(r.get("name").asText(), r.get("seconds").asDouble());
            }
        }
        System.out.printf(java.util.Locale.ROOT, "HostileInputTest: inputs made in %.1f s; %d command lines in one"
                + " %s child JVM and %d in their own processes in %.1f s; slowest: %s%n", (made - start) / 1e9,
                cases.size(), HEAP, lone.size(), (done - made) / 1e9, seconds.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
                        .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandRefusesEachHostileInputInOneLine() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Outcome o = outcomes.get(c.name());
                if (o == null) {
                    fail(c + ": not run (an earlier command hung, or the child JVM died): " + batchLog);
                }
                check(c, o);
            }));
        }
        for (Case c : cases) {
            if (LONE.contains(c.name())) {
                tests.add(DynamicTest.dynamicTest(c.name() + ", in its own process", () -> check(c, lone.get(c.name()))));
            }
        }
        tests.add(DynamicTest.dynamicTest("nothing was written in the working directory", () -> {
            try (Stream<Path> written = Files.list(work)) {
                assertEquals(List.of(), written.toList());
            }
        }));
        return tests.stream();
    }

    private static void check(Case c, Outcome o) {
        String all = o.out() + o.err();
        assertFalse(o.hung(), c + ": still running after " + TIMEOUT_SECONDS + " s (it hung): " + all);
        assertEquals(null, o.thrown(), c + ": " + all);
        assertFalse(all.contains("OutOfMemoryError"), c + ": ran out of heap: " + all);
        assertFalse(all.contains("Exception") || all.contains("\tat "), c + ": a stack trace: " + all);
        assertEquals(2, o.exitCode(), c + ": " + all);
        List<String> lines = o.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), c + ": exactly one line on stderr: " + o.err());
        String line = lines.get(0);
        assertTrue(line.contains(c.file().toString()), c + ": the line must name " + c.file() + ": " + line);
        assertTrue(line.contains(c.expected()), c + ": expected '" + c.expected() + "' in: " + line);
    }

    /** {@code c} in a {@code lenet} process of its own, as {@code ./lenet} runs it. */
    private static Outcome runAlone(Case c) throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(List.of(HEAP));
        jvm.addAll(FAST_START);
        ProcessBuilder builder = ChildLenet.builder(jvm, c.args().toArray(String[]::new)).directory(work.toFile());
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        return new Outcome(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), null, !done);
    }

    @Test
    void runMeetsAFifoAsResultsToResumeAsDataOrAsItsLockInProcess() throws IOException {
        Path spec = root.resolve("spec.json");
        Path resultsFifo = root.resolve("results-fifo").resolve("results.json");
        Path dataFifo = root.resolve("data-fifo").resolve("train-images-idx3-ubyte");
        Path lockFifo = HostileInputs.fifo(Files.createDirectories(root.resolve("locked-out")).resolve(RunLock.FILE_NAME));
        Object[][] runs = {
            {List.of("run", spec.toString(), "--out", resultsFifo.getParent().toString(), "--resume"), resultsFifo, FIFO},
            {List.of("run", spec.toString(), "--data-dir", dataFifo.getParent().toString(), "--out",
                    work.resolve("out").toString()), dataFifo, FIFO},
            {List.of("run", spec.toString(), "--out", lockFifo.getParent().toString(), "--data-dir",
                    MnistTestData.directory().toString()), lockFifo, "the run lock is not a regular file"}};
        for (Object[] r : runs) {
            @SuppressWarnings("unchecked")
            List<String> args = (List<String>) r[0];
            Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS),
                    () -> Cli.run(args.toArray(String[]::new)));
            check(new Case(String.join(" ", args), args, (Path) r[1], (String) r[2]),
                    new Outcome(cli.exitCode(), cli.out(), cli.err(), null, false));
        }
    }

    private static final String FIFO = "is a FIFO (named pipe), not a regular file";
    private static final String HUGE = "is 5 GiB (5,368,709,120 bytes)";
    private static final String DEVICE = "is a character device, not a regular file";
    private static final String HEAP_REFUSAL = "more than half of this JVM's maximum heap";

    /** The hostile files and the command lines that meet them. */
    static List<Case> cases() throws IOException {
        work = Files.createDirectories(root.resolve("work"));
        Path fifo = HostileInputs.fifo(root.resolve("fifo.json"));
        Path huge = HostileInputs.sparse(root.resolve("huge.json"), 5L << 30);
        Path device = Path.of("/dev/zero");
        Path directory = Files.createDirectories(root.resolve("directory.json"));
        Path socket = HostileInputs.socket(root.resolve("socket.json"));
        Path link = Files.createSymbolicLink(root.resolve("link.json"), fifo);
        Path baseline = Path.of("baselines", "ci-smoke.json").toAbsolutePath();
        Path model = Files.writeString(root.resolve("model.json"), """
                {"name": "m", "layers": [{"type": "flatten", "name": "flat"},
                 {"type": "dense", "name": "fc", "units": 10, "inputs": 784}]}""");
        Path spec = Files.writeString(root.resolve("spec.json"), experiment("model.json"));
        Path fifoModel = HostileInputs.fifo(root.resolve("fifo-model.json"));
        Path specOfFifoModel = Files.writeString(root.resolve("spec-fifo-model.json"), experiment("fifo-model.json"));
        Path out = work.resolve("out");

        List<Case> cases = new ArrayList<>();
        // spec files, in every command that reads one
        for (Path bad : List.of(fifo, huge)) {
            String what = bad == fifo ? FIFO : HUGE;
            String name = bad == fifo ? "FIFO" : "5 GiB sparse file";
            cases.add(new Case("run: spec is a " + name, List.of("run", bad.toString(), "--out", out.toString()), bad, what));
            cases.add(new Case("validate: spec is a " + name, List.of("validate", bad.toString()), bad, what));
            cases.add(new Case("summary: model is a " + name, List.of("summary", bad.toString()), bad, what));
            cases.add(new Case("bench: model is a " + name, List.of("bench", "--model", bad.toString()), bad, what));
            cases.add(new Case("baseline: spec is a " + name,
                    List.of("baseline", bad.toString(), "--out", work.resolve("b.json").toString()), bad, what));
            cases.add(new Case("verify: spec is a " + name,
                    List.of("verify", bad.toString(), "--baseline", baseline.toString(), "--out", out.toString()), bad, what));
        }
        cases.add(new Case("run: spec is /dev/zero", List.of("run", device.toString(), "--out", out.toString()), device, DEVICE));
        cases.add(new Case("validate: spec is /dev/zero", List.of("validate", device.toString()), device, DEVICE));
        cases.add(new Case("validate: spec is a directory", List.of("validate", directory.toString()), directory,
                "is a directory, not a regular file"));
        cases.add(new Case("validate: spec is a socket", List.of("validate", socket.toString()), socket,
                "is a socket, not a regular file"));
        cases.add(new Case("validate: spec is a symlink to a FIFO", List.of("validate", link.toString()), link, FIFO));
        cases.add(new Case("run: a model the experiment names is a FIFO",
                List.of("run", specOfFifoModel.toString(), "--out", out.toString()), fifoModel, FIFO));

        // baseline files
        Path emptyCells = HostileInputs.repeatedJson(root.resolve("empty-cells-baseline.json"),
                "{\"format\": \"" + Baseline.FORMAT + "\", \"experiment\": \"x\", \"cells\": [", "{}", 300_000, "]}");
        for (Object[] b : new Object[][] {{fifo, FIFO}, {huge, HUGE}, {device, DEVICE},
                {emptyCells, "needs an id and parameter counts"}}) {
            Path bad = (Path) b[0];
            cases.add(new Case("verify: baseline " + bad.getFileName(), List.of("verify", spec.toString(), "--baseline",
                    bad.toString(), "--out", out.toString()), bad, (String) b[1]));
        }

        // results files: report, verify --results, baseline --results, run --resume
        List<Object[]> results = new ArrayList<>();
        Path resultsFifo = HostileInputs.fifo(Files.createDirectories(root.resolve("results-fifo")).resolve("results.json"));
        results.add(new Object[] {resultsFifo, FIFO});
        Path resultsHuge = HostileInputs.sparse(Files.createDirectories(root.resolve("results-huge")).resolve("results.json"),
                5L << 30);
        results.add(new Object[] {resultsHuge, HUGE});
        // 5 MB of JSON objects: its worst-case tree does not fit in half of 256 MB
        Path resultsHeap = HostileInputs.repeatedJson(Files.createDirectories(root.resolve("results-heap"))
                .resolve("results.json"), "{\"experiment\": \"x\", \"resolvedSpec\": [", "{}", 1_700_000, "]}");
        results.add(new Object[] {resultsHeap, HEAP_REFUSAL});
        // 3.5 MB of the JSON that makes the largest tree per byte: within the heap rule at 256 MB, so it is read
        // (without running out of heap), then refused for what it lacks
        Path resultsTree = HostileInputs.repeatedJson(Files.createDirectories(root.resolve("results-tree"))
                .resolve("results.json"), "{\"experiment\": \"x\", \"resolvedSpec\": [", "{}", 1_150_000, "]}");
        results.add(new Object[] {resultsTree, "lacks \"cells\""});
        // 1 MB of empty cells: read, then refused for what they lack
        Path resultsCells = HostileInputs.repeatedJson(Files.createDirectories(root.resolve("results-cells"))
                .resolve("results.json"), "{\"experiment\": \"x\", \"cells\": [", "{}", 300_000, "]}");
        results.add(new Object[] {resultsCells, "a cell lacks"});
        for (Object[] r : results) {
            Path file = (Path) r[0];
            Path dir = file.getParent();
            String what = (String) r[1];
            String name = dir.getFileName().toString();
            cases.add(new Case("report: " + name, List.of("report", dir.toString(), "--out",
                    work.resolve("r.html").toString()), file, what));
            if (file == resultsTree) {
                continue; // the largest JSON that passes the heap rule: read once (by report), as all three read it
            }
            cases.add(new Case("verify --results: " + name, List.of("verify", "--baseline", baseline.toString(),
                    "--results", dir.toString()), file, what));
            cases.add(new Case("baseline --results: " + name, List.of("baseline", "--results", dir.toString(), "--out",
                    work.resolve("b.json").toString()), file, what));
        }

        // checkpoints given to predict
        Path digit = root.resolve("digit.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", digit.toFile());
        Path valid = HostileInputs.checkpoint(root.resolve("valid.ckpt"));
        Path tensorBomb = HostileInputs.withEntry(valid, root.resolve("tensor-bomb.ckpt"), "tensors/1.f32",
                old -> HostileInputs.zeros(1 << 20));
        Path tensorLie = HostileInputs.lyingAboutSize(HostileInputs.withEntry(valid, root.resolve("tensor-lie.ckpt"),
                "tensors/1.f32", old -> HostileInputs.zeros(1 << 20)), "tensors/1.f32", 40);
        Path metadataBomb = HostileInputs.withEntry(valid, root.resolve("metadata-bomb.ckpt"), Checkpoint.METADATA_ENTRY,
                old -> java.util.Arrays.copyOf(old, 17 << 20));
        Path metadataLie = HostileInputs.lyingAboutSize(HostileInputs.withEntry(valid, root.resolve("metadata-lie.ckpt"),
                Checkpoint.METADATA_ENTRY, old -> java.util.Arrays.copyOf(old, 17 << 20)), Checkpoint.METADATA_ENTRY, 1000);
        Path declaresHuge = HostileInputs.declaringHugeTensors(valid, root.resolve("declares-huge.ckpt"), 16, 100_000_000);
        Path hugeCheckpoint = HostileInputs.sparse(root.resolve("huge.ckpt"), 5L << 30);
        for (Object[] k : new Object[][] {{fifo, FIFO}, {device, DEVICE}, {hugeCheckpoint, HUGE},
                {tensorBomb, "entry tensors/1.f32 declares 1048576 bytes, more than the 40 bytes that checkpoint.json"
                        + " implies for tensor dense2.bias of shape [10]"},
                {tensorLie, "entry tensors/1.f32 inflates to more than the 40 bytes that checkpoint.json implies"},
                {metadataBomb, "entry checkpoint.json declares 17825792 bytes, more than 16 MiB"},
                {metadataLie, "entry checkpoint.json inflates to more than 16 MiB"},
                {declaresHuge, "holding the 1,600,000,000 tensor values its checkpoint.json declares needs about"}}) {
            Path bad = (Path) k[0];
            cases.add(new Case("predict: checkpoint " + bad.getFileName(), List.of("predict", bad.toString(),
                    digit.toString()), bad, (String) k[1]));
            cases.add(new Case("export: checkpoint " + bad.getFileName(), List.of("export", bad.toString(),
                    "--out", work.resolve("model.onnx").toString()), bad, (String) k[1]));
            cases.add(new Case("inspect: checkpoint " + bad.getFileName(), List.of("inspect", bad.toString(),
                    digit.toString(), "--out", work.resolve("inspect.html").toString()), bad, (String) k[1]));
        }

        // images given to predict
        Path hugeImage = HostileInputs.sparse(root.resolve("huge.png"), 5L << 30);
        Path pngCanvas = HostileInputs.png(root.resolve("canvas.png"), 100_000, 100_000);
        Path bmpCanvas = HostileInputs.bmp(root.resolve("canvas.bmp"), 50_000, 50_000);
        Path gifCanvas = HostileInputs.gif(root.resolve("canvas.gif"), 65_535, 65_535);
        Path pngHeap = HostileInputs.png(root.resolve("heap.png"), 7_000, 7_000);
        for (Object[] k : new Object[][] {{fifo, FIFO}, {device, DEVICE},
                {hugeImage, "is 5 GiB (5,368,709,120 bytes); a image may be at most 64 MiB"},
                {pngCanvas, "its header declares 100,000×100,000 = 10,000,000,000 pixels; an image may have at most"
                        + " 50,000,000 pixels"},
                // Java's BMP reader refuses this header itself
                {bmpCanvas, "cannot read the image: Invalid width/height"},
                {gifCanvas, "its header declares 65,535×65,535 = 4,294,836,225 pixels"},
                {pngHeap, "decoding its 7,000×7,000 pixels needs about 784 MB of memory, " + HEAP_REFUSAL}}) {
            Path bad = (Path) k[0];
            cases.add(new Case("predict: image " + bad.getFileName(), List.of("predict", valid.toString(),
                    bad.toString()), bad, (String) k[1]));
            cases.add(new Case("inspect: image " + bad.getFileName(), List.of("inspect", valid.toString(),
                    bad.toString(), "--out", work.resolve("inspect.html").toString()), bad, (String) k[1]));
        }

        // data files, for fetch and run
        Path dataFifo = Files.createDirectories(root.resolve("data-fifo"));
        HostileInputs.fifo(dataFifo.resolve("train-images-idx3-ubyte"));
        Path dataHuge = Files.createDirectories(root.resolve("data-huge"));
        HostileInputs.sparse(dataHuge.resolve("train-images-idx3-ubyte"), 5L << 30);
        Path dataBomb = Files.createDirectories(root.resolve("data-bomb"));
        HostileInputs.gzipBomb(dataBomb.resolve("train-images-idx3-ubyte.gz"), HostileInputs.idxImageHeader(60_000, 28, 28),
                48L << 20);
        Path dataClaim = Files.createDirectories(root.resolve("data-claim"));
        HostileInputs.gzipBomb(dataClaim.resolve("train-images-idx3-ubyte.gz"),
                HostileInputs.idxImageHeader(2_700_000, 28, 28), 48L << 20);
        for (Object[] d : new Object[][] {
                {dataFifo.resolve("train-images-idx3-ubyte"), FIFO},
                {dataHuge.resolve("train-images-idx3-ubyte"), "is 5 GiB (5,368,709,120 bytes); a data file may be at most 4 GiB"},
                {dataBomb.resolve("train-images-idx3-ubyte.gz"), "inflates to more than the expected 47,040,016 bytes"},
                {dataClaim.resolve("train-images-idx3-ubyte.gz"), "inflates to more than the expected 47,040,016 bytes"}}) {
            Path bad = (Path) d[0];
            String dir = bad.getParent().toString();
            cases.add(new Case("fetch: " + bad.getParent().getFileName(), List.of("fetch", "--data-dir", dir), bad,
                    (String) d[1]));
        }
        return cases;
    }

    private static String experiment(String model) {
        return """
                {"experiment": "hostile", "models": ["%s"],
                 "training": {"epochs": 1, "batchSize": 64, "optimizer": "sgd", "learningRate": 0.01},
                 "seeds": [0], "backends": ["cpu"]}""".formatted(model);
    }

    @Test
    void theFixturesAreWhatTheySayTheyAre() throws IOException {
        // the sparse files take no room, and the images are small files that declare huge canvases
        Path png = HostileInputs.png(root.resolve("check.png"), 100_000, 100_000);
        assertTrue(Files.size(png) < 200, "a small file: " + Files.size(png));
        var reader = ImageIO.getImageReaders(ImageIO.createImageInputStream(png.toFile())).next();
        reader.setInput(ImageIO.createImageInputStream(png.toFile()));
        assertEquals(100_000, reader.getWidth(0));
        assertEquals(100_000, reader.getHeight(0));
        Path gif = HostileInputs.gif(root.resolve("check.gif"), 65_535, 65_535);
        var gifReader = ImageIO.getImageReaders(ImageIO.createImageInputStream(gif.toFile())).next();
        gifReader.setInput(ImageIO.createImageInputStream(gif.toFile()));
        assertEquals(65_535, gifReader.getWidth(0));
        Path bmp = HostileInputs.bmp(root.resolve("check.bmp"), 2, 2);
        assertEquals(2, ImageIO.read(bmp.toFile()).getWidth(), "the BMP header is one Java reads");
        if (!Files.isRegularFile(HostileInputs.sparse(root.resolve("check.bin"), 5L << 30))) {
            fail("no sparse file");
        }
    }
}
