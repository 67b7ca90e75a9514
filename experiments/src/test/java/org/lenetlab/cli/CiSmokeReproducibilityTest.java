package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qameta.allure.Allure;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.results.ResultsWriter;

/**
 * The CI gate end to end on the real MNIST files: {@code specs/ci-smoke.json} run three times (in this JVM, and in
 * child JVMs with {@code OMP_NUM_THREADS} 2 and 1, which ND4J reads at start) gives byte-identical results once
 * timings and the environment are left out; {@code lenet verify} passes against the committed baseline, and fails
 * with the moved cells and metrics and the changed spec field when the seed, the learning rate or a layer's width
 * changes.
 */
class CiSmokeReproducibilityTest {
    /**
     * Allure's report generator reads every {@code *.xml} file among the results as a JUnit report, attachments
     * included, so JUnit XML is attached under another extension.
     */
    private static final String XML_ATTACHMENT = ".junit.txt";

    private static final Path SPEC = Path.of("specs/ci-smoke.json");
    private static final Path BASELINE = Path.of("baselines/ci-smoke.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path dataDir;
    static Path inProcess;
    static Path twoThreads;
    static Path oneThread;

    @BeforeAll
    static void runThreeTimes() throws Exception {
        dataDir = MnistTestData.directory();
        inProcess = dir.resolve("in-process");
        Cli cli = Cli.run("run", SPEC.toString(), "--out", inProcess.toString(), "--data-dir", dataDir.toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        twoThreads = childRun(2);
        oneThread = childRun(1);
    }

    /** {@code lenet run SPEC} in a child JVM with {@code OMP_NUM_THREADS=threads}. */
    private static Path childRun(int threads) throws IOException, InterruptedException {
        Path out = dir.resolve("threads-" + threads);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve("threads-" + threads + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx3g", "-cp", classPath,
                LenetCommand.class.getName(), "run", SPEC.toString(), "--out", out.toString(), "--data-dir",
                dataDir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(
                        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")));
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("lenet run with " + threads + " threads took over 10 minutes");
        }
        assertEquals(0, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        return out;
    }

    /**
     * The results file without what may differ between identical runs: times and throughputs, the spec argument,
     * and the description of where it ran (provenance, the cells' device, which names the thread count); keys
     * sorted, pretty-printed.
     */
    static String withoutTimings(Path runDir) throws IOException {
        ObjectNode results = (ObjectNode) JSON.readTree(runDir.resolve(ResultsWriter.FILE_NAME).toFile());
        results.remove(List.of("startedAt", "finishedAt", "spec", "provenance"));
        for (JsonNode cell : results.get("cells")) {
            ((ObjectNode) cell).remove(List.of("timings", "device"));
            for (JsonNode epoch : cell.get("epochs")) {
                ((ObjectNode) epoch).remove(List.of("trainSeconds", "trainImagesPerSecond", "testSeconds"));
            }
        }
        ObjectMapper canonical = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(SerializationFeature.INDENT_OUTPUT).build();
        return canonical.writeValueAsString(canonical.treeToValue(results, Object.class));
    }

    @Test
    void twoRunsGiveIdenticalResults() throws IOException {
        String a = withoutTimings(inProcess);
        String b = withoutTimings(twoThreads);
        Allure.addAttachment("ci-smoke results without timings", "application/json", a, ".json");
        assertTrue(a.contains("\"weightsSha256\""), a);
        assertTrue(a.contains("\"confusionMatrix\""), a);
        assertEquals(a, b);
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() throws IOException {
        String device1 = JSON.readTree(oneThread.resolve(ResultsWriter.FILE_NAME).toFile()).at("/cells/0/device").asText();
        String device2 = JSON.readTree(twoThreads.resolve(ResultsWriter.FILE_NAME).toFile()).at("/cells/0/device").asText();
        assertTrue(device1.contains(", 1 thread,"), device1);
        assertTrue(device2.contains(", 2 threads,"), device2);
        assertEquals(withoutTimings(twoThreads), withoutTimings(oneThread));
    }

    @Test
    void verifyPassesAgainstTheCommittedBaseline() throws IOException {
        // Another set of OpenBLAS kernels rounds differently, and two epochs carry that into the metrics; the baseline
        // is compared like with like (./lenet and .ci/run choose the kernels with scripts/openblas-kernels.sh).
        String recorded = blasKernels(JSON.readTree(BASELINE.toFile()).findValue("device").asText());
        String here = blasKernels(org.lenetlab.backend.BackendRegistry.discover().get("cpu").device());
        Assumptions.assumeTrue(recorded.equals(here), "the committed baseline was recorded with " + recorded
                + ", this JVM runs " + here + "; run Maven with the kernels scripts/openblas-kernels.sh chooses, as "
                + ".ci/run does");
        Path junit = dir.resolve("pass/TEST-lenet-verify.xml");
        Cli cli = Cli.run("verify", SPEC.toString(), "--baseline", BASELINE.toString(), "--results",
                inProcess.toString(), "--junit", junit.toString());
        attach("committed baseline", cli, junit);
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("spec: unchanged"), cli.out());
        assertTrue(cli.out().contains("verify: passed, 14 checks within tolerance"), cli.out());
        assertTrue(Files.readString(junit).contains("failures=\"0\""));
        // the same weights, bit for bit, as the build that recorded the baseline
        JsonNode baseline = JSON.readTree(BASELINE.toFile());
        JsonNode results = JSON.readTree(inProcess.resolve(ResultsWriter.FILE_NAME).toFile());
        assertEquals(2, baseline.get("cells").size());
        for (int i = 0; i < baseline.get("cells").size(); i++) {
            JsonNode cell = baseline.get("cells").get(i);
            String id = cell.get("id").asText();
            assertEquals(id, results.at("/cells/" + i + "/id").asText());
            assertEquals(cell.get("weightsSha256").asText(), results.at("/cells/" + i + "/weightsSha256").asText(),
                    id + ": weightsSha256 differs from the committed baseline's");
            assertTrue(row(cli, id, "weightsSha256", "same"), cli.out());
        }
    }

    /** The OpenBLAS part of a cpu device description, e.g. "OpenBLAS (SkylakeX kernels)". */
    private static String blasKernels(String device) {
        int at = device.indexOf("OpenBLAS");
        int end = device.indexOf(" on 1", at);
        return at < 0 || end < 0 ? device : device.substring(at, end);
    }

    @Test
    void aChangedSeedFails() throws IOException {
        Cli cli = verifyChanged("seed", spec -> spec.putArray("seeds").add(1));
        assertTrue(row(cli, "lenet5-relu-maxpool/cpu/seed=1", "cell id", "lenet5-relu-maxpool/cpu/seed=0"), cli.out());
        assertTrue(failed(cli, "lenet5-relu-maxpool/cpu/seed=1", "testAccuracy (epoch 1)"), cli.out());
        assertTrue(failed(cli, "lenet5-sigmoid-avgpool/cpu/seed=1", "trainLoss (last epoch)"), cli.out());
        assertTrue(cli.out().contains("  $.seeds: [0] → [1]"), cli.out());
    }

    @Test
    void aChangedLearningRateFails() throws IOException {
        Cli cli = verifyChanged("learning-rate", spec -> ((ObjectNode) spec.get("training")).put("learningRate", 0.002));
        for (String cell : List.of("lenet5-relu-maxpool/cpu/seed=0", "lenet5-sigmoid-avgpool/cpu/seed=0")) {
            assertTrue(failed(cli, cell, "testAccuracy (epoch 1)"), cli.out());
            assertTrue(failed(cli, cell, "trainLoss (last epoch)"), cli.out());
            assertTrue(failed(cli, cell, "testLoss (last epoch)"), cli.out());
            assertTrue(passed(cli, cell, "parameters.trainable"), cli.out());
        }
        assertTrue(cli.out().contains("  $.training.learningRate: [0.001] → [0.002]"), cli.out());
    }

    @Test
    void aChangedLayerWidthFails() throws IOException {
        Cli cli = verifyChanged("width", spec -> {
            ObjectNode model;
            try {
                model = (ObjectNode) JSON.readTree(Path.of("specs/models/lenet5-relu-maxpool.json").toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ((ObjectNode) model.get("layers").get(7)).put("units", 100);
            ((ArrayNode) spec.get("models")).set(0, model);
        });
        String cell = "lenet5-relu-maxpool/cpu/seed=0";
        assertTrue(failed(cli, cell, "parameters.trainable"), cli.out());
        assertTrue(cli.out().lines().anyMatch(l -> l.startsWith(cell) && l.contains("parameters.trainable")
                && l.contains("44426") && l.contains("37606") && l.contains("-6820")), cli.out());
        assertTrue(passed(cli, "lenet5-sigmoid-avgpool/cpu/seed=0", "testAccuracy (epoch 2)"), cli.out());
        assertTrue(cli.out().contains("  $.models[0].layers[7].units: 120 → 100"), cli.out());
    }

    /** Verifies a copy of the ci-smoke spec changed by {@code change} (models by absolute path) against the baseline. */
    private static Cli verifyChanged(String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode spec = (ObjectNode) JSON.readTree(SPEC.toFile());
        spec.remove("$schema");
        ArrayNode models = (ArrayNode) spec.get("models");
        for (int i = 0; i < models.size(); i++) {
            models.set(i, JSON.getNodeFactory().textNode(
                    SPEC.toAbsolutePath().getParent().resolve(models.get(i).asText()).toString().replace('\\', '/')));
        }
        change.accept(spec);
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, JSON.writeValueAsString(spec));
        Path out = dir.resolve(name + "-run");
        Cli cli = Cli.run("verify", file.toString(), "--baseline", BASELINE.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString());
        attach("changed " + name, cli, out.resolve(VerifyCommand.JUNIT_FILE));
        assertEquals(1, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("verify: FAILED"), cli.out());
        assertTrue(cli.out().contains("spec: changed"), cli.out());
        return cli;
    }

    private static void attach(String what, Cli cli, Path junit) throws IOException {
        Allure.addAttachment("lenet verify, " + what, "text/plain", cli.out() + cli.err(), ".txt");
        if (Files.exists(junit)) {
            Allure.addAttachment("JUnit XML, " + what, "application/xml", Files.readString(junit), XML_ATTACHMENT);
        }
    }

    private static boolean failed(Cli cli, String cell, String metric) {
        return row(cli, cell, metric, "FAIL");
    }

    private static boolean passed(Cli cli, String cell, String metric) {
        return cli.out().lines().anyMatch(l -> l.startsWith(cell + " ") && l.contains(" " + metric + " ")
                && l.endsWith(" pass"));
    }

    private static boolean row(Cli cli, String cell, String metric, String text) {
        List<String> rows = new ArrayList<>(cli.out().lines().filter(l -> l.startsWith(cell + " ")
                && l.contains(" " + metric + " ")).toList());
        return rows.stream().anyMatch(l -> l.contains(text));
    }
}
