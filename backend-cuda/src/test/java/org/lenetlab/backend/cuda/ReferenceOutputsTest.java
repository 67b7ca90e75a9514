package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;

/**
 * The CPU backend's reference outputs for {@link AgreementCheck}: written to the file named by the system property
 * {@code lenet.refs.out} when it is set (the GPU bundle's build does that), else to a temporary file; read back, and
 * checked against the CPU backend itself, which must pass with zero error. The models are planned as the GPU machine
 * plans them ({@link AgreementCheck#modelReader}).
 */
class ReferenceOutputsTest {
    private static final Path MODELS = Path.of("../experiments/specs/models");

    private static BackendRegistry registry;
    private static Backend cpu;
    private static AgreementCheck.ModelReader reader;

    @BeforeAll
    static void cpuBackend() {
        registry = BackendRegistry.discover();
        cpu = registry.get("cpu");
        reader = AgreementCheck.modelReader();
    }

    @Test
    void writesReferencesThatTheCpuBackendPasses(@TempDir Path tmp) throws Exception {
        String target = System.getProperty("lenet.refs.out");
        Path file = target == null || target.isBlank() ? tmp.resolve("refs.bin.gz") : Path.of(target);
        List<Path> models = AgreementCheck.models(MODELS);
        assertFalse(models.isEmpty(), "no lenet5-*.json under " + MODELS);
        Map<String, Map<String, float[]>> references = new LinkedHashMap<>();
        for (Path model : models) {
            references.put(model.getFileName().toString(), AgreementCheck.outputs(cpu, reader.plan(model)));
        }
        AgreementCheck.write(file, references);

        Map<String, Map<String, float[]>> read = AgreementCheck.read(file);
        assertEquals(references.keySet(), read.keySet());
        for (String model : references.keySet()) {
            Map<String, float[]> outputs = references.get(model);
            assertEquals(outputs.keySet(), read.get(model).keySet(), model);
            for (String name : List.of("logits", "loss", "predictions", "curvature 0", "sgd parameter 0",
                    "sgd state 0", "adam parameter 0", "adam state 0", "sdlm parameter 0")) {
                assertTrue(outputs.containsKey(name), model + " has no " + name + ": " + outputs.keySet());
            }
            assertFalse(outputs.keySet().stream().anyMatch(k -> k.startsWith("sdlm state")), model);
            Set<String> gradients = Set.copyOf(outputs.keySet().stream().filter(k -> k.startsWith("gradient"))
                    .toList());
            assertFalse(gradients.isEmpty(), model);
            for (String output : outputs.keySet()) {
                assertArrayEquals(outputs.get(output), read.get(model).get(output), model + " " + output);
            }
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean pass = AgreementCheck.check(cpu, read, MODELS, reader,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(pass, report);
        assertTrue(report.contains("agreement: PASS"), report);
        assertFalse(report.contains("FAIL"), report);
    }

    @Test
    void aDifferenceOrAMissingModelFails() throws Exception {
        Path model = AgreementCheck.models(MODELS).get(0);
        Map<String, float[]> outputs = AgreementCheck.outputs(cpu, reader.plan(model));
        outputs.get("logits")[0] += 1;
        Map<String, Map<String, float[]>> references = new LinkedHashMap<>();
        references.put(model.getFileName().toString(), outputs);
        references.put("lenet5-no-such-model.json", Map.of("logits", new float[] {1}));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertFalse(AgreementCheck.check(cpu, references, MODELS, reader,
                new PrintStream(printed, true, StandardCharsets.UTF_8)));
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(report.lines().anyMatch(l -> l.contains(" logits ") && l.contains("FAIL")), report);
        assertTrue(report.contains("lenet5-no-such-model.json"), report);
        assertTrue(report.contains("no reference"), report);
    }

    @Test
    void relativeErrorIsScaledByTheLargestReferenceValue() {
        assertEquals(0.25, AgreementCheck.relativeError(new float[] {4, -2}, new float[] {4, -1}), 1e-12);
        assertEquals(0.5, AgreementCheck.relativeError(new float[] {0, 0}, new float[] {0.5f, 0}), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, AgreementCheck.relativeError(new float[] {1}, new float[] {Float.NaN}));
        assertEquals(Double.POSITIVE_INFINITY, AgreementCheck.relativeError(new float[] {1}, new float[] {1, 2}));
    }

    @Test
    void tolerances() {
        assertEquals(0, AgreementCheck.tolerance("predictions"));
        assertEquals(1e-4, AgreementCheck.tolerance("logits"));
        assertEquals(1e-4, AgreementCheck.tolerance("adam parameter 3"));
        assertEquals(1e-3, AgreementCheck.tolerance("gradient 0 weight"));
        assertEquals(1e-3, AgreementCheck.tolerance("curvature 2"));
        assertEquals(1e-3, AgreementCheck.tolerance("adam state 7"));
    }
}
