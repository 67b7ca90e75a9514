package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.BackendUnavailableException;

/**
 * The PTX built from src/main/cuda: where the build had nvcc, every module is in the classes, declares an
 * {@code .entry} for every device function the Java side launches, and targets the architecture the build script names;
 * where it had none, the marker says so and the backend reports it.
 */
class PtxModulesTest {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_$]*)\\s*\\(");

    static boolean nvccOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvcc"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyLaunchedFunctionIsAnEntryOfItsModule() {
        String marker = PtxModules.read(PtxModules.DIRECTORY + "NOT-BUILT.txt");
        if (!nvccOnPath() && marker != null) {
            return; // checked by ptxNotBuiltIsTheReason
        }
        assertNull(marker, "nvcc is on the PATH, yet the build left: " + marker);
        Map<String, String> modules = PtxModules.load();
        assertEquals(PtxModules.names(), modules.keySet());
        Map<String, Set<String>> entries = new java.util.HashMap<>();
        modules.forEach((name, ptx) -> {
            assertTrue(ptx.length() > 1000, name + ".ptx is too short to hold its functions");
            assertTrue(ptx.contains(".target sm_80"), name + ".ptx targets another architecture");
            Set<String> found = new HashSet<>();
            Matcher m = ENTRY.matcher(ptx);
            while (m.find()) {
                found.add(m.group(1));
            }
            entries.put(name, found);
        });
        for (DeviceFunction k : DeviceFunction.values()) {
            assertTrue(entries.get(k.module()).contains(k.entry()),
                    k + ": no .entry " + k.entry() + " in " + k.module() + ".ptx; entries: " + entries.get(k.module()));
        }
        Set<String> launched = new HashSet<>();
        for (DeviceFunction k : DeviceFunction.values()) {
            launched.add(k.entry());
        }
        for (Set<String> found : entries.values()) {
            for (String entry : found) {
                assertTrue(launched.contains(entry),
                        "PTX entry " + entry + " is never launched (no DeviceFunction constant)");
            }
        }
    }

    @Test
    void ptxNotBuiltIsTheReason() {
        String marker = PtxModules.read(PtxModules.DIRECTORY + "NOT-BUILT.txt");
        if (marker == null) {
            assertNotNull(PtxModules.load());
            return;
        }
        assertFalse(nvccOnPath(), "nvcc is on the PATH, yet the PTX was not built");
        // what src/main/cuda/build-ptx.sh writes without nvcc
        assertEquals("PTX not built: nvcc was not on the PATH at build time", marker.strip());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, CudaBackend::new);
        assertEquals(marker.strip(), e.getMessage());
    }
}
