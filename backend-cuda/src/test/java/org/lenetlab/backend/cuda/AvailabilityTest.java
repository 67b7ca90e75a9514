package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import jakarta.inject.Provider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendStatus;
import org.lenetlab.backend.BackendUnavailableException;

/**
 * The plugin is found next to the CPU backend and is constructed lazily; where it cannot run it is reported
 * unavailable with a reason that matches what is known about the machine independently of the backend's code: no
 * PTX in the classes (the build had no nvcc), no {@code libcuda.so.1} where the dynamic linker looks, or a driver
 * without a GPU. Where all three are there, the backend must be available.
 */
class AvailabilityTest {
    /** The NVIDIA driver's user-space library, which JCuda's driver binding links against. */
    private static final String LIBCUDA = "libcuda.so.1";

    @Test
    void bindingDoesNotConstruct() {
        Map<String, Provider<Backend>> backends = Guice.createInjector(new CudaBackendModule())
                .getInstance(Key.get(new TypeLiteral<Map<String, Provider<Backend>>>() { }));
        assertEquals(List.of("cuda"), List.copyOf(backends.keySet()));
    }

    @Test
    void reasonMatchesWhatThisMachineLacks() {
        boolean ptx = resourceExists("org/lenetlab/backend/cuda/ptx/convolution.ptx");
        boolean driver = libraryFound(LIBCUDA);
        boolean gpu = Gpu.nvidiaGpuPresent();
        String reason = Gpu.reason();
        String facts = "PTX in the classes: " + ptx + ", " + LIBCUDA + " found: " + driver + ", NVIDIA GPU: " + gpu
                + "; reason: " + reason;
        if (!ptx) {
            assertFalse(PtxModulesTest.nvccOnPath(), "no PTX although nvcc is on the PATH; " + facts);
            assertTrue(reason != null && reason.contains("PTX not built") && reason.contains("nvcc"), facts);
        } else if (!driver) {
            assertTrue(reason != null && reason.contains("no CUDA driver") && reason.contains(LIBCUDA), facts);
        } else if (!gpu) {
            assertTrue(reason != null && reason.contains("CUDA_ERROR"), facts);
        } else {
            assertNull(reason, facts);
            CudaBackend backend = Gpu.backend();
            assertTrue(backend.device().contains("compute capability"), backend.device());
            assertTrue(backend.memoryBudgetBytes() > 0);
        }
    }

    @Test
    void registryReportsTheConstructorsReasonAndKeepsIt() {
        BackendRegistry registry = BackendRegistry.discover();
        assertTrue(registry.names().containsAll(List.of("cpu", "cuda")), registry.names().toString());
        Map<String, BackendStatus> statuses = new HashMap<>();
        registry.statuses().forEach(s -> statuses.put(s.name(), s));
        assertTrue(statuses.get("cpu").available(), statuses.get("cpu").reason());
        BackendStatus cuda = statuses.get("cuda");
        String reason = Gpu.reason();
        if (reason == null) {
            assertTrue(cuda.available(), cuda.reason());
            assertSame(registry.get("cuda"), registry.get("cuda"));
            return;
        }
        assertFalse(cuda.available());
        assertNull(cuda.device());
        assertEquals(reason, cuda.reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> registry.get("cuda"));
        assertEquals(reason, e.getMessage());
        // constructed again (JCuda's native library does not load twice): the same reason, no crash
        assertEquals(reason, assertThrows(BackendUnavailableException.class, CudaBackend::new).getMessage());
    }

    @Test
    void missingDriverLibraryIsNamed() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver\"");
        e.initCause(new UnsatisfiedLinkError(
                "libcuda.so.1: cannot open shared object file: No such file or directory"));
        String reason = CudaDevice.driverLoadReason(e);
        assertTrue(reason.startsWith("no CUDA driver: libcuda.so.1 not found"), reason);
        assertTrue(CudaDevice.driverLoadReason(new UnsatisfiedLinkError("something else"))
                .startsWith("JCuda's driver library cannot load"));
    }

    private static boolean resourceExists(String resource) {
        try (InputStream in = AvailabilityTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the dynamic linker would find {@code library}: in a directory of {@code LD_LIBRARY_PATH}, in its cache
     * ({@code ldconfig -p}) or in a default directory.
     */
    static boolean libraryFound(String library) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu", "/usr/lib/wsl/lib"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.exists(Path.of(dir, library))) {
                return true;
            }
        }
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String cache = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return cache.lines().anyMatch(l -> l.strip().startsWith(library + " "));
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
