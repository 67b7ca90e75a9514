package org.lenetlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendStatus;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * The cuda plugin in matrices: a run with {@code "backends": ["cpu", "cuda"]} completes, its cpu cells train, and
 * its cuda cells are {@code skipped} with the backend's reason where there is no GPU, or train where there is
 * one; on a GPU, one epoch of every shipped variant reaches the CPU's accuracy within 0.3 points. Where the machine
 * has an NVIDIA GPU (or {@code LENET_REQUIRE_GPU} asks for one), an unavailable cuda backend fails these tests instead.
 */
class CudaBackendCellsTest {
    @TempDir
    static Path dir;

    static Path dataDir;

    @BeforeAll
    static void data() {
        dataDir = MnistTestData.directory();
    }

    private static BackendStatus cudaStatus() {
        return BackendRegistry.discover().statuses().stream().filter(s -> s.name().equals("cuda")).findFirst()
                .orElseThrow(() -> new AssertionError("the cuda plugin is not on the class path"));
    }

    /**
     * Whether an unavailable cuda backend is a failure here rather than a reason to skip: on a machine with an NVIDIA
     * GPU ({@code /dev/nvidia0}, or a GPU under {@code /proc/driver/nvidia/gpus}), or wherever
     * {@code LENET_REQUIRE_GPU} is set to anything but {@code false}/{@code 0}/{@code no}, which also overrides the
     * detection; the backend-cuda tests' switch ({@code Gpu}), for the cells of a matrix.
     */
    static boolean gpuRequired() {
        String value = System.getenv("LENET_REQUIRE_GPU");
        if (value != null && !value.isBlank()) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            return !(v.equals("false") || v.equals("0") || v.equals("no"));
        }
        if (Files.exists(Path.of("/dev/nvidia0"))) {
            return true;
        }
        Path gpus = Path.of("/proc/driver/nvidia/gpus");
        if (Files.isDirectory(gpus)) {
            try (Stream<Path> list = Files.list(gpus)) {
                return list.findAny().isPresent();
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    /** Fails where a GPU is required ({@link #gpuRequired()}) but the backend is unavailable. */
    private static void failIfAGpuIsRequired(BackendStatus cuda) {
        if (!cuda.available() && gpuRequired()) {
            throw new AssertionError("the cuda backend is unavailable (" + cuda.reason() + ") on a machine that has "
                    + "an NVIDIA GPU or sets LENET_REQUIRE_GPU, so its cells must train; LENET_REQUIRE_GPU=false "
                    + "accepts them skipped");
        }
    }

    private static ResultsFile run(String name, List<Path> models, String dataset, String training) throws IOException {
        StringBuilder list = new StringBuilder();
        for (Path m : models) {
            list.append(list.length() == 0 ? "" : ", ").append('"')
                    .append(m.toAbsolutePath().toString().replace("\\", "/")).append('"');
        }
        Path spec = dir.resolve(name + ".json");
        Files.writeString(spec, """
                {"experiment": "%s", "models": [%s], "dataset": %s, "training": %s, "seeds": [0],
                 "backends": ["cpu", "cuda"]}
                """.formatted(name, list, dataset, training));
        Path out = dir.resolve(name + "-out");
        Cli cli = Cli.run("run", spec.toString(), "--out", out.toString(), "--data-dir", dataDir.toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        return ResultsWriter.read(out.resolve(ResultsWriter.FILE_NAME));
    }

    /**
     * float32 and float64 cells on both backends: the cpu cells train, each in its precision; the cuda cells are
     * skipped with the backend's reason where there is no GPU; on a GPU the float32 cell trains and the float64 cell
     * is skipped with the reason that cuda computes in float32 only.
     */
    @Test
    void matrixWithBothBackendsCompletesWithCudaCellsSkippedWithoutAGpu() throws IOException {
        BackendStatus cuda = cudaStatus();
        failIfAGpuIsRequired(cuda);
        ResultsFile results = run("both-backends", List.of(Path.of("specs/models/lenet5-relu-maxpool.json")),
                """
                {"name": "mnist", "trainLimit": 256}""", """
                {"epochs": 1, "batchSize": 64, "optimizer": "adam", "learningRate": 0.001,
                 "precision": ["float32", "float64"]}""");
        assertEquals(4, results.cells().size());
        Map<String, CellResult> byCell = new HashMap<>();
        results.cells().forEach(c -> byCell.put(c.backend() + " " + c.settings().precision().jsonName(), c));
        for (Precision precision : Precision.values()) {
            CellResult cpu = byCell.get("cpu " + precision.jsonName());
            assertEquals("lenet5-relu-maxpool/cpu/precision=" + precision.jsonName() + "/seed=0", cpu.id());
            assertEquals(CellStatus.OK, cpu.status(), cpu.reason());
            assertNotNull(cpu.testAccuracy());
            assertTrue(cpu.device().contains("; " + precision.jsonName()), cpu.device());
            CellResult gpu = byCell.get("cuda " + precision.jsonName());
            if (!cuda.available()) {
                assertEquals(CellStatus.SKIPPED, gpu.status());
                assertEquals("backend cuda is unavailable: " + cuda.reason(), gpu.reason());
                assertTrue(gpu.epochs() == null || gpu.epochs().isEmpty(), "a skipped cell has no epochs");
            } else if (precision == Precision.FLOAT32) {
                assertEquals(CellStatus.OK, gpu.status(), gpu.reason());
                assertTrue(gpu.testAccuracy() > 0.5, "cuda accuracy " + gpu.testAccuracy());
            } else {
                assertEquals(CellStatus.SKIPPED, gpu.status());
                assertEquals("backend cuda cannot run this cell: the cuda backend computes in float32 only; this cell "
                        + "declares float64", gpu.reason());
            }
        }
    }

    @Test
    void oneEpochOfEveryVariantOnTheGpuIsWithinAThirdOfAPointOfTheCpu() throws IOException {
        BackendStatus cuda = cudaStatus();
        failIfAGpuIsRequired(cuda);
        assumeTrue(cuda.available(), () -> "no GPU here: " + cuda.reason());
        List<Path> models = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("specs/models"))) {
            files.filter(p -> p.getFileName().toString().matches("lenet5-.*\\.json")).sorted().forEach(models::add);
        }
        ResultsFile results = run("one-epoch-cpu-vs-cuda", models, """
                {"name": "mnist"}""", """
                {"epochs": 1, "batchSize": 64, "optimizer": "adam", "learningRate": 0.001}""");
        Map<String, Map<String, Double>> accuracy = new HashMap<>();
        for (CellResult cell : results.cells()) {
            assertEquals(CellStatus.OK, cell.status(), cell.id() + ": " + cell.reason());
            accuracy.computeIfAbsent(cell.model(), m -> new HashMap<>()).put(cell.backend(), cell.testAccuracy());
        }
        assertEquals(models.size(), accuracy.size());
        StringBuilder table = new StringBuilder();
        accuracy.forEach((model, byBackend) -> table.append(String.format(java.util.Locale.ROOT,
                "%n%s: cpu %.2f%%, cuda %.2f%%", model, 100 * byBackend.get("cpu"), 100 * byBackend.get("cuda"))));
        accuracy.forEach((model, byBackend) -> assertTrue(
                Math.abs(byBackend.get("cpu") - byBackend.get("cuda")) <= 0.003, model + table));
    }
}
