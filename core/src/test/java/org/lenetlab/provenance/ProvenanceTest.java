package org.lenetlab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.testing.FakeBackend;

class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void gitOutsideACheckoutIsEmptyNotAnError() {
        assertTrue(GitInfo.of(dir).isEmpty());
        assertTrue(GitInfo.of(dir.resolve("does-not-exist")).isEmpty());
    }

    @Test
    void gitCommitAndDirtyFlagOfACheckout() throws Exception {
        assumeTrue(git(dir, "init", "-q") == 0, "git is not installed");
        Files.writeString(dir.resolve("a.txt"), "a");
        assertEquals(0, git(dir, "add", "a.txt"));
        assertEquals(0, git(dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "first"));
        GitInfo clean = GitInfo.of(dir).orElseThrow();
        assertTrue(clean.commit().matches("[0-9a-f]{40}"), clean.commit());
        assertFalse(clean.dirty());
        Files.writeString(dir.resolve("a.txt"), "b");
        GitInfo dirty = GitInfo.of(dir).orElseThrow();
        assertEquals(clean.commit(), dirty.commit());
        assertTrue(dirty.dirty());
    }

    private static int git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void librariesComeFromTheJarsOnTheClassPath() {
        Map<String, String> libraries = ClassPathLibraries.scan();
        assertEquals("4.3.2", libraries.get("org.tribuo:tribuo-core"));
        assertTrue(libraries.get("com.fasterxml.jackson.core:jackson-databind").matches("2\\.\\d+\\.\\d+.*"),
                libraries.toString());
        assertNull(libraries.get("org.nd4j:nd4j-native"), "core has no ND4J");
    }

    @Test
    void projectVersionFromTheBuild() {
        String version = ProjectVersion.current();
        assertNotNull(version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }

    @Test
    void collectedProvenanceRoundTripsThroughResultsFiles() throws Exception {
        RunProvenance p = RunProvenance.collect(Path.of(""), "abc", List.of(3L, 3L, 4L), Instant.parse("2026-01-01T00:00:00Z"))
                .withData(Map.of("f", "00")).withBackend("cpu", "a CPU").withBackend("cpu", "ignored")
                .finishedAt(Instant.parse("2026-01-01T00:01:00Z"));
        assertEquals(List.of(3L, 4L), p.seeds());
        assertEquals(Map.of("cpu", "a CPU"), p.backends());
        assertEquals(System.getProperty("java.version"), p.javaVersion());
        assertEquals(Runtime.getRuntime().availableProcessors(), p.cores());
        assertEquals("2026-01-01T00:01:00Z", p.finishedAt());
        ResultsFile file = new ResultsFile("e", "e.json", "abc", null, p.startedAt(), p.finishedAt(), null,
                Map.of("f", "00"), List.of(), p, null);
        ResultsWriter.write(dir, file);
        ResultsFile back = ResultsWriter.read(dir.resolve(ResultsWriter.FILE_NAME));
        assertEquals(p, back.provenance());
        String json = Files.readString(dir.resolve(ResultsWriter.FILE_NAME));
        assertTrue(json.contains("\"jcudaVersion\" : null"), json);
        assertTrue(json.contains("\"gitCommit\""), json);
    }

    @Test
    void weightsDigestIsTheSha256OfLittleEndianFloats() throws Exception {
        ModelPlan plan = ModelPlanner.plan(new ModelSpec(null, "m", null, new InputSpec(1, 1, 2), null,
                List.of(new FlattenSpec(null), new DenseSpec(null, 1, null, null)), null), 0);
        try (CompiledNetwork network = new FakeBackend("fake").compile(plan, CompileOptions.inference(Precision.FLOAT64))) {
            network.writeParameter(0, new double[] {1.5, -2});
            network.writeParameter(1, new double[] {0.25 + 1e-12});
            ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f)
                    .putFloat(0.25f);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
            assertEquals(expected, WeightsDigest.sha256(network), "float32 values, a float64 network's rounded");
        }
    }
}
