package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The switch of the GPU-only tests ({@link Gpu}): run, skip where there is no GPU, fail where there is one. */
class GpuSwitchTest {
    @Test
    void availableBackendRuns() {
        for (Boolean required : new Boolean[] {null, true, false}) {
            assertEquals(Gpu.Outcome.RUN, Gpu.outcome(true, false, required));
            assertEquals(Gpu.Outcome.RUN, Gpu.outcome(true, true, required));
        }
    }

    @Test
    void unavailableBackendSkipsWithoutAGpuAndFailsWithOne() {
        assertEquals(Gpu.Outcome.SKIP, Gpu.outcome(false, false, null));
        assertEquals(Gpu.Outcome.FAIL, Gpu.outcome(false, true, null));
    }

    @Test
    void settingOverridesTheDetection() {
        assertEquals(Gpu.Outcome.FAIL, Gpu.outcome(false, false, true));
        assertEquals(Gpu.Outcome.SKIP, Gpu.outcome(false, true, false));
    }

    @Test
    void settingValues() {
        assertNull(Gpu.required(null));
        assertNull(Gpu.required(" "));
        assertTrue(Gpu.required("true"));
        assertTrue(Gpu.required("1"));
        assertTrue(Gpu.required("yes"));
        assertFalse(Gpu.required("false"));
        assertFalse(Gpu.required("FALSE"));
        assertFalse(Gpu.required("0"));
        assertFalse(Gpu.required("no"));
    }

    @Test
    void detectionReadsTheDriversFiles() {
        boolean files = java.nio.file.Files.exists(Gpu.DEVICE) || java.nio.file.Files.isDirectory(Gpu.DRIVER_GPUS);
        if (!files) {
            assertFalse(Gpu.nvidiaGpuPresent());
        }
        if (java.nio.file.Files.exists(Gpu.DEVICE)) {
            assertTrue(Gpu.nvidiaGpuPresent());
        }
    }
}
