package org.lenetlab.backend;

import java.util.List;
import org.lenetlab.model.LayerPlan;
import org.lenetlab.model.ModelPlan;
import org.lenetlab.model.Shape;

/**
 * A compute backend: the kernels that one training loop calls. Implementations are constructed through Guice
 * providers, only when a run asks for them; a constructor that cannot load its native libraries or find its device
 * throws {@link BackendUnavailableException} with the reason.
 */
public interface Backend {
    /** The name specs use, e.g. {@code cpu}. */
    String name();

    /** What the backend computes on, e.g. the CPU model, thread count and library versions. */
    String device();

    /** A zero-filled tensor of the given shape. */
    Tensor allocate(Shape shape);

    /** The kernel of one planned layer, with freshly allocated (zero) parameters. */
    LayerKernel layer(LayerPlan layer);

    /** The loss kernel of a planned model. */
    LossKernel loss(ModelPlan model);

    /** An updater for the given parameters. */
    ParameterUpdater updater(OptimizerConfig config, List<Parameter> parameters);

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

    /**
     * Makes {@code images} (count × {@code imageShape}, row-major, already normalised) available for batch
     * gathering; the backend may keep a reference to the array instead of copying it.
     */
    ImageBatches images(float[] images, Shape imageShape);
}
