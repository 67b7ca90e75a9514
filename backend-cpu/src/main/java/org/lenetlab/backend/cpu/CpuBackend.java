package org.lenetlab.backend.cpu;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The {@code cpu} backend. It compiles a network once for the precision its cell declares, on one engine: the
 * {@link Float32Kernels float32 engine} (Java kernels written for LeNet's shapes on a small worker pool, OpenBLAS
 * for the products), or the {@link Float64Kernels float64 engine} (single-threaded Java loops in double precision).
 * ND4J's native CPU build is the foundation: its natives and OpenBLAS load here. ND4J's own ops are the separate
 * {@code nd4j} backend (module backend-nd4j), whose kernels the tests check these engines against. A machine where
 * the native libraries cannot load gets a {@link BackendUnavailableException} with the reason.
 */
public final class CpuBackend implements Backend {
    /** The name specs use. */
    public static final String NAME = "cpu";

    /** Why loading ND4J failed the first time, or {@code null}. */
    private static volatile String loadFailure;

    private final String float32Device;
    private final String float64Device;
    private final boolean blasForward;
    private volatile Workers workers;

    /** The backend as the plugin binds it. */
    @Inject
    public CpuBackend() {
        this(FloatGemm.AVX512_BLAS, new Workers(defaultThreads()));
    }

    private CpuBackend(boolean blasForward, Workers workers) {
        this.blasForward = blasForward;
        this.float32Device = load(DataType.FLOAT);
        this.float64Device = describe(DataType.DOUBLE);
        this.workers = workers;
    }

    /** {@code OMP_NUM_THREADS} when it is a positive number (ND4J's threads follow it too), else the processors. */
    private static int defaultThreads() {
        String setting = System.getenv("OMP_NUM_THREADS");
        if (setting != null) {
            try {
                int threads = Integer.parseInt(setting.trim());
                if (threads > 0) {
                    return threads;
                }
            } catch (NumberFormatException e) {
                // not a plain number: ignore it, as OpenMP would
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * This backend with every float32 convolution's forward product through OpenBLAS ({@code true}) or, for
     * convolutions with few taps, through Java loops ({@code false}). The default is {@code true} exactly when
     * OpenBLAS runs its AVX-512 kernels ({@link FloatGemm#AVX512_BLAS}); tests use this to cover both. The two
     * share this backend's worker threads.
     */
    CpuBackend withBlasForward(boolean on) {
        return new CpuBackend(on, workers);
    }

    /** Whether every float32 convolution's forward product runs through OpenBLAS. */
    boolean blasForward() {
        return blasForward;
    }

    /** The threads the float32 kernels run on. */
    Workers workers() {
        return workers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String device() {
        return float32Device();
    }

    private String float32Device() {
        int threads = workers.threads();
        return float32Device + ", Java kernels on " + threads + " thread" + (threads == 1 ? "" : "s");
    }

    /** Compiles {@code model} on the engine of the declared precision, composing its kernels layer by layer. */
    @Override
    public CompiledNetwork compile(ModelPlan model, CompileOptions options) {
        return ComposedNetwork.compose(model, options, engine(options.precision()));
    }

    /** The engine of {@code precision}. */
    KernelProvider engine(Precision precision) {
        Float64Kernels wide = float64Engine();
        return precision == Precision.FLOAT64 ? wide : new Float32Kernels(this, wide, float32Device());
    }

    private Float64Kernels float64Engine() {
        return new Float64Kernels(float64Device + ", Java kernels on 1 thread");
    }

    /** The float64 engine with losses that read outputs in full float64, for finite-difference checks. */
    Float64Kernels exactFloat64() {
        return float64Engine().exactLosses();
    }

    /** Sets the thread counts of the float32 kernels, OpenMP and libnd4j (oneDNN follows OpenMP's). */
    @Override
    public void useThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(threads);
        // OpenBLAS stays on one thread (see SingleThreaded); the float32 kernels call it from their own threads
        if (threads != workers.threads()) {
            Workers old = workers;
            workers = new Workers(threads);
            old.close();
        }
    }

    /** JavaCPP's limit on native allocations, which ND4J's arrays count against (by default the JVM's -Xmx). */
    @Override
    public long memoryBudgetBytes() {
        long max = org.bytedeco.javacpp.Pointer.maxBytes();
        return max > 0 ? max : -1;
    }

    /** Loads ND4J and runs one tiny op; returns the device description. */
    private static String load(DataType dataType) {
        String earlier = loadFailure;
        try {
            Nd4j.getBackend();
            INDArray probe = Nd4j.create(dataType, 2).addi(1);
            if (probe.getDouble(1) != 1.0) {
                throw new BackendUnavailableException("ND4J's native CPU backend computed 0 + 1 = " + probe.getDouble(1));
            }
            SingleThreaded.pinBlas(); // results independent of the thread count
            return describe(dataType);
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

    private static String describe(DataType dataType) {
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
                + nd4jVersion()
                + " native " + nativeVariant() + (libraries.isEmpty() ? "" : " (" + String.join(", ", libraries) + ")")
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
        try (InputStream in = CpuBackend.class.getClassLoader()
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
        String path = org.bytedeco.javacpp.Loader.getLoadedLibraries().get("jnind4jcpu");
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
        return org.bytedeco.javacpp.Loader.getPlatform();
    }
}
