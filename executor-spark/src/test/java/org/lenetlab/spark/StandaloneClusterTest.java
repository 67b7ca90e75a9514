package org.lenetlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.results.CellPlacement;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.run.CellFiles;
import org.lenetlab.spark.cluster.LocalCluster;

/**
 * A real standalone cluster: a Master and two Workers started as separate JVMs from this module's class path
 * ({@link LocalCluster}), each Worker with one core and a fake GPU (a discovery script). Cells run there give the
 * numbers a local run gives, in at least two executor processes; an executor killed in the middle of a cell is
 * replaced and the retried cell gives the same numbers; a diverging cell stays {@code failed}; the cuda backend,
 * which cannot load here, gives {@code skipped} cells with the worker's reason, and the GPU address the scheduler
 * assigned reaches the cell. Every process started is stopped after the tests, whether they pass or fail.
 */
class StandaloneClusterTest {
    private static final String LIMIT = "600";
    private static final List<String> FAKE_GPUS = List.of("5", "7");

    @TempDir
    static Path dir;

    private static Path clusterDir;
    private static LocalCluster.State cluster;
    private static Thread stopOnExit;

    @BeforeAll
    static void startCluster() throws IOException {
        clusterDir = dir.resolve("cluster");
        stopOnExit = new Thread(StandaloneClusterTest::stopQuietly, "stop-test-cluster");
        Runtime.getRuntime().addShutdownHook(stopOnExit); // even when the test JVM is ended early
        Path script = dir.resolve("fake-gpus.sh");
        Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\""
                + String.join("\", \"", FAKE_GPUS) + "\"]}'\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        cluster = LocalCluster.start(clusterDir, new LocalCluster.Settings(2, 1, "1g", Map.of(
                "spark.worker.resource.gpu.amount", "1",
                "spark.worker.resource.gpu.discoveryScript", script.toString())), classPath());
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            LocalCluster.stop(clusterDir);
            assertTrue(LocalCluster.executorPids(cluster).isEmpty());
            assertFalse(LocalCluster.alive(cluster), "the master still runs");
            for (long pid : cluster.workerPids()) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "worker " + pid);
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private static void stopQuietly() {
        try {
            LocalCluster.stop(clusterDir);
        } catch (IOException | RuntimeException e) {
            // the JVM is ending; nothing more can be done
        }
    }

    /** This module's class path as the build resolved it (Spark included), and its own classes. */
    static List<Path> classPath() throws IOException {
        String file = System.getenv("LENET_SPARK_CLASSPATH_FILE");
        assertNotNull(file, "LENET_SPARK_CLASSPATH_FILE (set by the build)");
        List<Path> entries = new ArrayList<>();
        entries.add(Path.of("target", "classes").toAbsolutePath());
        for (String e : Files.readString(Path.of(file)).trim().split(java.io.File.pathSeparator)) {
            entries.add(Path.of(e));
        }
        return entries;
    }

    private static String[] sparkRun(Path spec, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--executor", "spark", "--master", cluster.master(), "--conf", "spark.executor.memory=700m",
                "--conf", "spark.ui.enabled=false"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theQuickstartMatrixGivesTheLocalRunsNumbersInTwoExecutorProcesses() throws IOException {
        assertEquals(2, LocalCluster.aliveWorkers(cluster));
        Path spec = Runs.SPECS.resolve("quickstart.json");
        Runs.Cli local = Runs.lenet("run", spec.toString(), "--limit-train", LIMIT, "--out", dir.resolve("q-local")
                .toString());
        assertEquals(0, local.exitCode(), local.output());
        Runs.Cli spark = Runs.lenet(sparkRun(spec, dir.resolve("q-spark"), "--limit-train", LIMIT));
        assertEquals(0, spark.exitCode(), spark.output());
        assertTrue(spark.out().toString().contains("lenet5-conv3x3/cpu/seed=0: ok, test accuracy"), spark.output());

        ResultsFile expected = Runs.results(dir.resolve("q-local"));
        ResultsFile actual = Runs.results(dir.resolve("q-spark"));
        assertEquals(4, actual.cells().size());
        Runs.assertSameNumbers(expected, actual);
        assertNotNull(actual.finishedAt());
        assertTrue(Files.isRegularFile(dir.resolve("q-spark").resolve("report.html")));
        Set<Long> pids = new HashSet<>();
        for (CellResult cell : actual.cells()) {
            assertEquals(CellStatus.OK, cell.status());
            CellPlacement where = cell.placement();
            assertNotNull(where, cell.id());
            assertFalse(where.executor().equals("driver"), "ran in the driver: " + where);
            assertTrue(where.pid() != ProcessHandle.current().pid(), "ran in the test JVM");
            assertTrue(LocalCluster.executorPids(cluster).contains(where.pid()) || where.pid() > 0);
            pids.add(where.pid());
            // the task's own copy of the result, written atomically into the run directory
            Path file = CellFiles.of(dir.resolve("q-spark"), cell.id());
            assertEquals(cell, CellFiles.mapper().treeToValue(CellFiles.mapper().readTree(file.toFile()).get("result"),
                    CellResult.class), file.toString());
        }
        assertTrue(pids.size() >= 2, "cells ran in " + pids.size() + " executor process(es): " + pids);
        assertTrue(expected.cells().stream().allMatch(c -> c.placement() == null), "local cells have no placement");
    }

    @Test
    void anExecutorKilledInTheMiddleOfACellIsReplacedAndTheRetriedCellGivesTheSameNumbers() throws Exception {
        Path spec = Runs.spec(dir.resolve("kill"), "kill", List.of("lenet5-relu-maxpool.json"),
                "{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"adam\", \"learningRate\": 0.001}", "[0, 1]");
        Path out = dir.resolve("kill-spark");
        Runs.Cli cli = new Runs.Cli();
        CompletableFuture<Runs.Cli> run = CompletableFuture.supplyAsync(() -> cli.run(sparkRun(spec, out,
                "--limit-train", "4000")));
        long killed = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (killed < 0 && System.nanoTime() < deadline && !run.isDone()) {
            List<Long> executors = LocalCluster.executorPids(cluster);
            boolean noCellFinished = !Files.isDirectory(out.resolve(CellFiles.DIR))
                    || Files.list(out.resolve(CellFiles.DIR)).findAny().isEmpty();
            if (!executors.isEmpty() && noCellFinished && cli.out().contains("/2] lenet5-relu-maxpool/cpu/seed=")) {
                Thread.sleep(1500); // into the cell: the executor loads the data, then trains
                if (Files.isDirectory(out.resolve(CellFiles.DIR))
                        && Files.list(out.resolve(CellFiles.DIR)).findAny().isPresent()) {
                    break;
                }
                killed = executors.get(0);
                ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
            }
            Thread.sleep(100);
        }
        assertTrue(killed > 0, "no executor was killed in the middle of a cell");
        Runs.Cli spark = run.get(300, TimeUnit.SECONDS);
        assertEquals(0, spark.exitCode(), spark.output());

        Runs.Cli local = Runs.lenet("run", spec.toString(), "--limit-train", "4000", "--out",
                dir.resolve("kill-local").toString());
        assertEquals(0, local.exitCode(), local.output());
        ResultsFile actual = Runs.results(out);
        Runs.assertSameNumbers(Runs.results(dir.resolve("kill-local")), actual);
        for (CellResult cell : actual.cells()) {
            assertTrue(cell.placement().pid() != killed, cell.id() + " reported from the killed executor");
        }
    }

    @Test
    void aDivergingCellStaysFailedAndTheOthersRun() throws IOException {
        Path spec = Runs.spec(dir.resolve("diverge"), "diverge", List.of("lenet5-relu-maxpool.json"),
                "{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"sgd\", \"learningRate\": [1000000, 0.01]}",
                "[0]");
        Runs.Cli spark = Runs.lenet(sparkRun(spec, dir.resolve("diverge-spark"), "--limit-train", LIMIT));
        assertEquals(1, spark.exitCode(), spark.output()); // a failed cell, not a failed run
        ResultsFile results = Runs.results(dir.resolve("diverge-spark"));
        assertEquals(2, results.cells().size());
        CellResult diverged = results.cells().get(0);
        assertEquals(CellStatus.FAILED, diverged.status());
        assertTrue(diverged.reason().matches("training diverged: loss (NaN|-?Infinity) at epoch 1, batch \\d+"),
                diverged.reason());
        assertNotNull(diverged.placement());
        assertEquals(CellStatus.OK, results.cells().get(1).status());
    }

    @Test
    void cudaCellsGetAGpuAddressFromTheSchedulerAndAreSkippedWithTheWorkersReason() throws IOException {
        Path spec = Runs.spec(dir.resolve("gpu"), "gpu", List.of("lenet5-relu-maxpool.json"),
                "{\"epochs\": 1, \"batchSize\": 64, \"optimizer\": \"adam\", \"learningRate\": 0.001}", "[0, 1]");
        Runs.Cli spark = Runs.lenet(sparkRun(spec, dir.resolve("gpu-spark"), "--limit-train", LIMIT,
                "--backend", "cuda", "--conf", "spark.executor.resource.gpu.amount=1"));
        assertEquals(0, spark.exitCode(), spark.output());
        ResultsFile results = Runs.results(dir.resolve("gpu-spark"));
        assertEquals(2, results.cells().size());
        for (CellResult cell : results.cells()) {
            assertEquals(CellStatus.SKIPPED, cell.status(), cell.id());
            assertTrue(cell.reason().startsWith("backend cuda is unavailable: "), cell.reason());
            CellPlacement where = cell.placement();
            assertNotNull(where, cell.id());
            assertFalse(where.executor().equals("driver"), where.toString());
            assertEquals(1, where.gpus().size(), where.toString());
            assertTrue(FAKE_GPUS.contains(where.gpus().get(0)), where.toString());
        }
    }
}
