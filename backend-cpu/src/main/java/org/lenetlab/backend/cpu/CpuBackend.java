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
import org.lenetlab.backend.ImageBatches;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.LossKernel;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfDistanceSpec;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SoftmaxCrossEntropySpec;
import org.lenetlab.spec.SubsamplingSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The {@code cpu} backend: kernels on ND4J's native CPU build (oneDNN and OpenBLAS), in float32 by default, and
 * Java loops in double precision for small batches (where ND4J's cost per call dominates, as when LeNet-5 trains one
 * pattern at a time) and for the layers ND4J has no op for. See {@link CpuTensor} for how the two share tensors.
 * Constructing it loads ND4J; a machine where the native libraries cannot load gets a
 * {@link BackendUnavailableException} with the reason.
 */
public final class CpuBackend implements Backend {
    /** The name specs use. */
    public static final String NAME = "cpu";

    /** Why loading ND4J failed the first time, or {@code null}. */
    private static volatile String loadFailure;

    /**
     * The default {@link #javaLoopsUpTo()}: batches this small run their convolutions, dense layers, activations and
     * pooling as Java loops rather than ND4J ops, whose fixed cost per call outweighs the work at this size.
     */
    public static final int DEFAULT_JAVA_LOOPS_UP_TO = 8;
    /** The largest batch that stays in Java loops because its input is already in a tensor's Java copy. */
    public static final int FOLLOW_JAVA_UP_TO = 2048;

    private final DataType dataType;
    private final String device;
    private final int javaLoopsUpTo;
    private final boolean floatKernels;
    private final boolean blasForward;
    private volatile Workers workers;

    /** The float32 backend, as the plugin binds it. */
    @Inject
    public CpuBackend() {
        this(DataType.FLOAT, DEFAULT_JAVA_LOOPS_UP_TO, true, FloatGemm.AVX512_BLAS);
    }

    private CpuBackend(DataType dataType, int javaLoopsUpTo, boolean floatKernels, boolean blasForward) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("the cpu backend computes in FLOAT or DOUBLE, not " + dataType);
        }
        if (javaLoopsUpTo < 0) {
            throw new IllegalArgumentException("the Java-loop batch limit must not be negative, got " + javaLoopsUpTo);
        }
        this.dataType = dataType;
        this.javaLoopsUpTo = javaLoopsUpTo;
        this.floatKernels = floatKernels && dataType == DataType.FLOAT;
        this.blasForward = blasForward;
        this.device = load(dataType);
        // only the float32 kernels use worker threads
        this.workers = new Workers(this.floatKernels ? defaultThreads() : 1);
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

    /** A backend computing in {@code dataType}: {@link DataType#FLOAT} (the default) or {@link DataType#DOUBLE}. */
    public static CpuBackend withPrecision(DataType dataType) {
        return new CpuBackend(dataType, DEFAULT_JAVA_LOOPS_UP_TO, true, FloatGemm.AVX512_BLAS);
    }

    /**
     * This backend with another Java-loop limit: 0 runs every layer ND4J has an op for through ND4J, a large value
     * runs everything as Java loops. Layer types without an ND4J op (subsampling, RBF, convolutions with a
     * connection table, the scaled tanh) and every curvature pass always run as Java loops.
     */
    public CpuBackend withJavaLoopsUpTo(int batch) {
        return new CpuBackend(dataType, batch, floatKernels, blasForward);
    }

    /**
     * This backend with the float32 Java kernels on or off (they are on by default for float32): off, float32
     * batches above the Java-loop limit run through ND4J's ops (oneDNN, OpenBLAS) as before them; used as a
     * reference in tests and benchmarks.
     */
    public CpuBackend withFloatKernels(boolean on) {
        return new CpuBackend(dataType, javaLoopsUpTo, on, blasForward);
    }

    /**
     * This backend with every float32 convolution's forward product through OpenBLAS ({@code true}) or, for
     * convolutions with few taps, through Java loops ({@code false}). The default is {@code true} exactly when
     * OpenBLAS runs its AVX-512 kernels ({@link FloatGemm#AVX512_BLAS}); tests use this to cover both.
     */
    CpuBackend withBlasForward(boolean on) {
        return new CpuBackend(dataType, javaLoopsUpTo, floatKernels, on);
    }

    /** Whether every float32 convolution's forward product runs through OpenBLAS. */
    boolean blasForward() {
        return blasForward;
    }

    /**
     * Whether a layer on {@code input} runs the float32 Java kernels: a float32 backend with them on, and a batch
     * not taken by the double-precision {@link #javaLoops(Tensor) Java loops}.
     */
    boolean floatKernels(Tensor input) {
        return floatKernels && !javaLoops(input);
    }

    /** The threads the float32 kernels run on. */
    Workers workers() {
        return workers;
    }

    /** The largest batch whose layers run as Java loops (in double precision) instead of ND4J ops. */
    public int javaLoopsUpTo() {
        return javaLoopsUpTo;
    }

    /** Whether a batch of {@code n} runs as Java loops. */
    boolean javaLoops(int n) {
        return n <= javaLoopsUpTo;
    }

    /**
     * Whether a layer on {@code input} runs as Java loops: for a batch within {@link #javaLoopsUpTo()}, and (unless
     * that is 0) for a batch up to {@link #FOLLOW_JAVA_UP_TO} whose input the Java loops of the layer before left in
     * its Java copy (after a layer ND4J has no op for), so that a model does not copy every batch back and forth.
     */
    boolean javaLoops(Tensor input) {
        int n = input.shape().dim(0);
        return n <= javaLoopsUpTo || javaLoopsUpTo > 0 && n <= FOLLOW_JAVA_UP_TO && CpuTensor.of(input).onHost();
    }

    /** A parameter of {@code plan}'s shape with its value, gradient and curvature tensors, all zero. */
    Parameter parameter(org.lenetlab.plan.ParameterPlan plan) {
        return new Parameter(plan, allocate(plan.shape()), allocate(plan.shape()), allocate(plan.shape()));
    }

    /** The element type of every tensor of this backend. */
    public DataType dataType() {
        return dataType;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String device() {
        if (!floatKernels) {
            return device;
        }
        int threads = workers.threads();
        return device + ", Java kernels on " + threads + " thread" + (threads == 1 ? "" : "s");
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

    @Override
    public CpuTensor allocate(Shape shape) {
        return CpuTensor.zeros(shape, dataType);
    }

    @Override
    public LayerKernel layer(LayerPlan layer) {
        LayerSpec spec = layer.spec();
        if (spec instanceof ConvolutionSpec c) {
            return new ConvolutionKernel(this, layer, c);
        }
        if (spec instanceof MaxPoolingSpec p) {
            return new PoolingKernel(this, PoolingKernel.Kind.MAX, p.size(), p.stride());
        }
        if (spec instanceof AveragePoolingSpec p) {
            return new PoolingKernel(this, PoolingKernel.Kind.AVERAGE, p.size(), p.stride());
        }
        if (spec instanceof ActivationSpec a) {
            return new ActivationKernel(this, a);
        }
        if (spec instanceof SubsamplingSpec s) {
            return new SubsamplingKernel(this, layer, s);
        }
        if (spec instanceof RbfSpec r) {
            return new RadialBasisKernel(this, layer, r);
        }
        if (spec instanceof FlattenSpec) {
            return new FlattenKernel();
        }
        if (spec instanceof DenseSpec) {
            return new DenseKernel(this, layer);
        }
        if (spec instanceof DropoutSpec d) {
            return new DropoutKernel(this, d.rate());
        }
        throw new IllegalArgumentException("the cpu backend has no kernel for layer type " + spec.type());
    }

    @Override
    public LossKernel loss(ModelPlan model) {
        LossSpec loss = model.spec().loss();
        if (loss instanceof SoftmaxCrossEntropySpec) {
            return new SoftmaxCrossEntropyKernel();
        }
        if (loss instanceof RbfDistanceSpec) {
            return new RbfLossKernel(RbfLossKernel.Kind.DISTANCE, 0);
        }
        if (loss instanceof RbfMapSpec m) {
            return new RbfLossKernel(RbfLossKernel.Kind.MAP, m.j());
        }
        if (loss instanceof RbfCrossEntropySpec) {
            return new RbfLossKernel(RbfLossKernel.Kind.CROSS_ENTROPY, 0);
        }
        throw new IllegalArgumentException("the cpu backend has no kernel for loss " + model.spec().loss().type());
    }

    @Override
    public ParameterUpdater updater(OptimizerConfig config, List<Parameter> parameters) {
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.plan().trainable()) {
                trainable.add(p);
            }
        }
        switch (config.kind()) {
            case SGD:
                return floatKernels ? FloatUpdaters.sgd(config, trainable) : new SgdUpdater(config, trainable);
            case ADAM:
                return floatKernels ? FloatUpdaters.adam(config, trainable) : new AdamUpdater(config, trainable);
            case SDLM:
                return new SdlmUpdater(config, trainable);
            default:
                throw new IllegalArgumentException("the cpu backend has no optimizer " + config.kind());
        }
    }

    @Override
    public ImageBatches images(float[] images, Shape imageShape) {
        return new CpuImageBatches(images, imageShape);
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
