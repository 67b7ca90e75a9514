package org.lenetlab.backend.nd4j;

import jakarta.inject.Inject;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The {@code nd4j} backend: every layer, loss and optimizer as ND4J's own ops, in float32 or, when a cell declares
 * it, float64. ND4J's ops run where it has one (libnd4j's {@code conv2d} and pooling through oneDNN, OpenBLAS
 * products, libnd4j's activations); what it has no op for is composed from its ops (connection tables as a 0/1
 * product that expands the packed weights, trainable subsampling as average pooling with per-channel scale and
 * bias, RBF units as broadcast differences, the scaled tanh, the losses, SDLM). No layer falls back to Java loops.
 * It is LeNet Lab's second CPU backend: {@code "backends": ["cpu", "nd4j"]} compares the cpu backend's own kernels
 * with ND4J's on any machine. A machine where the native libraries cannot load gets a
 * {@link BackendUnavailableException} with the reason.
 */
public final class Nd4jBackend implements Backend {
    /** The name specs use. */
    public static final String NAME = "nd4j";
    /** What the device line says about how the layers ND4J has no op for are computed. */
    static final String COMPOSITION = "ND4J ops for every layer, loss and optimizer"
            + " (connection tables, trainable subsampling, RBF units and the scaled tanh composed from ND4J ops;"
            + " no Java fallback)";

    /** The backend as the plugin binds it: loads ND4J's natives and runs one tiny op. */
    @Inject
    public Nd4jBackend() {
        Nd4jNative.load();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String device() {
        return device(Precision.FLOAT32);
    }

    private static String device(Precision precision) {
        return Nd4jNative.describe(precision == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT) + "; "
                + COMPOSITION;
    }

    /** Compiles {@code model} on ND4J arrays of the declared precision, composing its kernels layer by layer. */
    @Override
    public CompiledNetwork compile(ModelPlan model, CompileOptions options) {
        return ComposedNetwork.compose(model, options, kernels(options.precision()));
    }

    /**
     * This backend's kernels in {@code precision}, for tests elsewhere (the cpu backend's engines are checked
     * against them) and for {@link ComposedNetwork#compose}.
     */
    public KernelProvider kernels(Precision precision) {
        return new Nd4jKernels(precision, device(precision));
    }

    /** Sets the thread counts of OpenMP and libnd4j (oneDNN follows OpenMP's); OpenBLAS stays on one. */
    @Override
    public void useThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
    }

    /** JavaCPP's limit on native allocations, which ND4J's arrays count against (by default the JVM's -Xmx). */
    @Override
    public long memoryBudgetBytes() {
        long max = org.bytedeco.javacpp.Pointer.maxBytes();
        return max > 0 ? max : -1;
    }
}
