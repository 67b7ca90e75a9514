package org.lenetlab.backend.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.lenetlab.backend.BackendUnavailableException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Loads ND4J's native CPU backend once and describes it: CPU model, threads, libraries, native build. */
final class Nd4jNative {
    /** Why loading ND4J failed the first time, or {@code null}. */
    private static volatile String loadFailure;

    private Nd4jNative() {
    }

    /** Loads ND4J and runs one tiny op, pinning OpenBLAS to one thread so results do not depend on the count. */
    static void load() {
        String earlier = loadFailure;
        try {
            Nd4j.getBackend();
            INDArray probe = Nd4j.create(DataType.FLOAT, 2).addi(1);
            if (probe.getDouble(1) != 1.0) {
                throw new BackendUnavailableException("ND4J's native CPU backend computed 0 + 1 = " + probe.getDouble(1));
            }
            SingleThreaded.pinBlas();
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (LinkageError | RuntimeException e) {
            // A class whose initialisation failed once only says "Could not initialize class" afterwards; report
            // the first failure's reason again.
            String reason = earlier != null ? earlier : reason(e);
            loadFailure = reason;
            throw new BackendUnavailableException("ND4J's native CPU backend cannot load: " + reason, e);
        }
    }

    /** The innermost cause of {@code e}, as "Type: message". */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** e.g. "Intel Xeon …, 2 threads, OpenBLAS on 1; ND4J 1.0.0-M2.1 native linux-x86_64-onednn-avx2 (…); float32". */
    static String describe(DataType dataType) {
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        List<String> libraries = new ArrayList<>();
        if (build != null && build.contains("HAVE_ONEDNN")) {
            libraries.add("oneDNN");
        }
        if (build != null && build.contains("HAVE_OPENBLAS")) {
            libraries.add("OpenBLAS");
        }
        int threads = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        String blas = coreType == null || coreType.isBlank() ? "OpenBLAS" : "OpenBLAS (" + coreType.trim() + " kernels)";
        return cpuModel() + ", " + threads + " thread" + (threads == 1 ? "" : "s") + ", " + blas + " on 1; ND4J "
                + nd4jVersion() + " native " + nativeVariant()
                + (libraries.isEmpty() ? "" : " (" + String.join(", ", libraries) + ")")
                + "; " + (dataType == DataType.FLOAT ? "float32" : "float64");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    if (colon >= 0 && !line.substring(colon + 1).isBlank()) {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall back to the architecture
        }
        return System.getProperty("os.arch", "unknown CPU") + " CPU";
    }

    private static String nd4jVersion() {
        try (InputStream in = Nd4jNative.class.getClassLoader()
                .getResourceAsStream("org/eclipse/org.nd4j-nd4j-native-git.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("git.build.version");
                if (version != null && !version.isBlank()) {
                    return version.trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "(unknown version)";
    }

    /** The native build that was loaded, e.g. {@code linux-x86_64-onednn-avx2}. */
    private static String nativeVariant() {
        String path = Loader.getLoadedLibraries().get("jnind4jcpu");
        if (path != null) {
            String marker = "/bindings/";
            int at = path.indexOf(marker);
            if (at >= 0) {
                int end = path.indexOf('/', at + marker.length());
                if (end > 0) {
                    return path.substring(at + marker.length(), end);
                }
            }
        }
        return Loader.getPlatform();
    }
}
