package org.lenetlab.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lenetlab.backend.BackendUnavailableException;

/**
 * The PTX modules built from {@code src/main/cuda} into the jar, under {@value #DIRECTORY}: one
 * {@code NAME.ptx} per {@code NAME.cu}, or {@code NOT-BUILT.txt} with the reason when the build had no nvcc.
 */
final class PtxModules {
    /** Where the build puts the PTX, as a class path resource directory. */
    static final String DIRECTORY = "org/lenetlab/backend/cuda/ptx/";
    /** The reason reported when no PTX was built and no marker says why. */
    static final String NOT_BUILT = "PTX not built: nvcc was not on the PATH at build time";

    private PtxModules() {
    }

    /** The names of every module whose functions are launched. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (DeviceFunction f : DeviceFunction.values()) {
            names.add(f.module());
        }
        return names;
    }

    /**
     * Every module's PTX text, by name.
     *
     * @throws BackendUnavailableException when the PTX was not built, or a module is missing
     */
    static Map<String, String> load() {
        String marker = read(DIRECTORY + "NOT-BUILT.txt");
        if (marker != null) {
            throw new BackendUnavailableException(marker.isBlank() ? NOT_BUILT : marker.strip());
        }
        Map<String, String> modules = new TreeMap<>();
        for (String name : names()) {
            String ptx = read(DIRECTORY + name + ".ptx");
            if (ptx == null || ptx.isBlank()) {
                throw new BackendUnavailableException(NOT_BUILT + " (no " + name + ".ptx on the class path)");
            }
            modules.put(name, ptx);
        }
        return modules;
    }

    /** A class path resource as UTF-8 text, or {@code null} when absent. */
    static String read(String resource) {
        try (InputStream in = PtxModules.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
