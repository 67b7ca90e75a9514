package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import jakarta.inject.Provider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendStatus;
import org.lenetlab.backend.BackendUnavailableException;

/**
 * The plugin is found next to the CPU backend and is constructed lazily; where there is no GPU (no driver, no
 * device, or no PTX) it is reported unavailable with its reason, and nothing else fails.
 */
class AvailabilityTest {
    @Test
    void bindingDoesNotConstruct() {
        Map<String, Provider<Backend>> backends = Guice.createInjector(new CudaBackendModule())
                .getInstance(Key.get(new TypeLiteral<Map<String, Provider<Backend>>>() { }));
        assertEquals(List.of("cuda"), List.copyOf(backends.keySet()));
    }

    @Test
    void discoveredNextToTheCpuBackend() {
        BackendRegistry registry = BackendRegistry.discover();
        assertTrue(registry.names().containsAll(List.of("cpu", "cuda")), registry.names().toString());
        Map<String, BackendStatus> statuses = new java.util.HashMap<>();
        registry.statuses().forEach(s -> statuses.put(s.name(), s));
        assertTrue(statuses.get("cpu").available(), statuses.get("cpu").reason());
        BackendStatus cuda = statuses.get("cuda");
        if (Gpu.reason() != null) {
            assertFalse(cuda.available());
            assertNull(cuda.device());
            assertNotNull(cuda.reason());
            assertFalse(cuda.reason().isBlank());
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> registry.get("cuda"));
            assertEquals(cuda.reason(), e.getMessage());
            // asked again: the same answer, no crash
            assertThrows(BackendUnavailableException.class, () -> registry.get("cuda"));
        } else {
            assertTrue(cuda.available(), cuda.reason());
            assertTrue(cuda.device().contains("compute capability"), cuda.device());
            assertSame(registry.get("cuda"), registry.get("cuda"));
        }
    }

    @Test
    void constructorThrowsTheReasonWithoutAGpu() {
        String reason = Gpu.reason();
        if (reason == null) {
            CudaBackend backend = Gpu.backend();
            assertEquals("cuda", backend.name());
            assertTrue(backend.memoryBudgetBytes() > 0);
            return;
        }
        BackendUnavailableException first = assertThrows(BackendUnavailableException.class, CudaBackend::new);
        BackendUnavailableException second = assertThrows(BackendUnavailableException.class, CudaBackend::new);
        assertEquals(first.getMessage(), second.getMessage());
        assertTrue(reason.startsWith("no CUDA driver") || reason.startsWith("CUDA")
                || reason.startsWith("PTX not built") || reason.startsWith("JCuda") || reason.contains("CUDA_ERROR"),
                reason);
    }

    @Test
    void missingDriverLibraryIsNamed() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver\"");
        e.initCause(new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file: No such file or directory"));
        String reason = CudaDevice.driverLoadReason(e);
        assertTrue(reason.startsWith("no CUDA driver: libcuda.so.1 not found"), reason);
        assertTrue(CudaDevice.driverLoadReason(new UnsatisfiedLinkError("something else"))
                .startsWith("JCuda's driver library cannot load"));
    }
}
