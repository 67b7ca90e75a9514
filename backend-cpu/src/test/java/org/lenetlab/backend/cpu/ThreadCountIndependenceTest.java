package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qameta.allure.Allure;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on the CPU backend's float32 engine gives bit-identical losses and weights whatever its thread count:
 * {@link ThreadCountProbe} runs in child JVMs with {@code OMP_NUM_THREADS} 1, 2 and 4 (the probe gives the float32
 * kernels' {@link Workers} as many threads, and reports how many they got) and must print the same lines. The float32
 * kernels cut batches into fixed units whatever the thread count, and OpenBLAS stays on one thread
 * ({@link SingleThreaded#pinBlas()}).
 */
class ThreadCountIndependenceTest {
    @TempDir
    Path dir;

    @Test
    void sameLossesAndWeightsAtOneTwoAndFourThreads() throws Exception {
        Map<Integer, String> outputs = new LinkedHashMap<>();
        for (int threads : new int[] {1, 2, 4}) {
            outputs.put(threads, probe(threads));
        }
        StringBuilder attachment = new StringBuilder();
        outputs.forEach((t, out) -> attachment.append("OMP_NUM_THREADS=").append(t).append('\n').append(out).append('\n'));
        Allure.addAttachment("probe output per thread count", "text/plain", attachment.toString(), ".txt");
        Map<Integer, String> trained = new LinkedHashMap<>();
        outputs.forEach((threads, out) -> {
            List<String> lines = out.lines().toList();
            assertEquals("threads " + threads, lines.get(0), "the probe's float32 kernels run on its thread count");
            trained.put(threads, String.join("\n", lines.subList(1, lines.size())));
        });
        String one = trained.get(1);
        assertEquals(4, one.lines().count(), one);
        assertTrue(one.lines().allMatch(line -> line.contains(" weights ")), one);
        assertEquals(one, trained.get(2), "1 vs 2 threads");
        assertEquals(one, trained.get(4), "1 vs 4 threads");
    }

    private String probe(int threads) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve("probe-" + threads + ".out");
        Path err = dir.resolve("probe-" + threads + ".err");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath, ThreadCountProbe.class.getName()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")));
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the probe with " + threads + " threads did not finish in 5 minutes");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "probe with " + threads + " threads failed:\n" + stdout
                + Files.readString(err, StandardCharsets.UTF_8));
        return stdout;
    }
}
