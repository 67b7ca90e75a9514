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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.cpu.CpuBackend;
import org.lenetlab.spec.SpecReader;

/**
 * The CPU backend's reference outputs for {@link AgreementCheck}: written to the file named by the system property
 * {@code lenet.refs.out} when it is set (the GPU bundle's build does that), else to a temporary file; read back, and
 * checked against the CPU backend itself, which must pass with zero error.
 */
class ReferenceOutputsTest {
    private static final Path MODELS = Path.of("../experiments/specs/models");

    @Test
    void writesReferencesThatTheCpuBackendPasses(@TempDir Path tmp) throws Exception {
        String target = System.getProperty("lenet.refs.out");
        Path file = target == null || target.isBlank() ? tmp.resolve("refs.bin.gz") : Path.of(target);
        CpuBackend cpu = new CpuBackend();
        List<Path> models = AgreementCheck.models(MODELS);
        assertFalse(models.isEmpty(), "no lenet5-*.json under " + MODELS);
        Map<String, Map<String, float[]>> references = new LinkedHashMap<>();
        for (Path model : models) {
            references.put(model.getFileName().toString(),
                    AgreementCheck.outputs(cpu, new SpecReader().readMnistModel(model).plan()));
        }
        AgreementCheck.write(file, references);

        Map<String, Map<String, float[]>> read = AgreementCheck.read(file);
        assertEquals(references.keySet(), read.keySet());
        for (String model : references.keySet()) {
            assertEquals(references.get(model).keySet(), read.get(model).keySet(), model);
            assertTrue(references.get(model).containsKey("logits"), model);
            for (String output : references.get(model).keySet()) {
                assertArrayEquals(references.get(model).get(output), read.get(model).get(output), model + " " + output);
            }
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean pass = AgreementCheck.check(cpu, read, MODELS, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(pass, report);
        assertTrue(report.contains("agreement: PASS"), report);
        assertFalse(report.contains("FAIL"), report);
    }

    @Test
    void aDifferenceOrAMissingModelFails(@TempDir Path tmp) throws Exception {
        CpuBackend cpu = new CpuBackend();
        Path model = AgreementCheck.models(MODELS).get(0);
        Map<String, float[]> outputs = AgreementCheck.outputs(cpu, new SpecReader().readMnistModel(model).plan());
        outputs.get("logits")[0] += 1;
        Map<String, Map<String, float[]>> references = new LinkedHashMap<>();
        references.put(model.getFileName().toString(), outputs);
        references.put("lenet5-no-such-model.json", Map.of("logits", new float[] {1}));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertFalse(AgreementCheck.check(cpu, references, MODELS, new PrintStream(printed, true, StandardCharsets.UTF_8)));
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
}
