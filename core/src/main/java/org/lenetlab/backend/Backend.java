package org.lenetlab.backend;

import org.lenetlab.plan.ModelPlan;

/**
 * A compute backend: it compiles a whole {@link ModelPlan} into a {@link CompiledNetwork} that trains and evaluates
 * one batch at a time, so it may fuse layers, pick its kernels once for the whole network or capture a training
 * step as a device graph. The training loop itself stays in core. Backends that run one kernel per layer can let
 * core compose those kernels ({@link org.lenetlab.backend.kernels.ComposedNetwork}).
 *
 * <p>Implementations are constructed through Guice providers, only when a run asks for them; a constructor that
 * cannot load its native libraries or find its device throws {@link BackendUnavailableException} with the reason.
 */
public interface Backend {
    /** The name specs use, e.g. {@code cpu}. */
    String name();

    /**
     * What the backend computes on, e.g. the CPU model, thread count and library versions, as for a float32 network
     * ({@link CompiledNetwork#device()} says what one network runs on).
     */
    String device();

    /**
     * Compiles {@code model} for {@code options}: parameters allocated (zero until written), kernels chosen for the
     * declared precision, and, for training, the optimizer's state.
     *
     * @throws UnsupportedOperationException when this backend cannot run something the plan asks for, with what
     */
    CompiledNetwork compile(ModelPlan model, CompileOptions options);

    /**
     * How many bytes of tensors this backend can hold (e.g. the off-heap limit of a native library, or device
     * memory), or -1 when it cannot tell. Runs are refused up front when a cell's estimate exceeds it.
     */
    default long memoryBudgetBytes() {
        return -1;
    }

    /**
     * Limits the threads this backend computes with (for benchmarks and determinism checks).
     *
     * @throws UnsupportedOperationException when the backend cannot change it
     */
    default void useThreads(int threads) {
        throw new UnsupportedOperationException("backend " + name() + " cannot change its thread count");
    }
}
