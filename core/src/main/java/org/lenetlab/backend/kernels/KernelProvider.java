package org.lenetlab.backend.kernels;

import java.util.List;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;

/**
 * A backend's kernels in one precision, one per layer, for {@link ComposedNetwork} to compose into a network.
 * A backend that computes layer by layer implements this once per engine and compiles with
 * {@link ComposedNetwork#compose}; its layer dispatch lives in one place, a {@link LayerPlan.Visitor}.
 */
public interface KernelProvider {
    /** The precision of every tensor and kernel. */
    Precision precision();

    /** What these kernels compute on, as results record it. */
    String device();

    /** A zero-filled tensor of the given shape. */
    Tensor allocate(Shape shape);

    /** The kernel of one planned layer, with freshly allocated (zero) parameters in the plan's order. */
    LayerKernel layer(LayerPlan layer);

    /** The loss kernel of a model's loss. */
    LossKernel loss(LossPlan loss);

    /** An updater for the given trainable parameters. */
    ParameterUpdater updater(OptimizerPlan optimizer, List<Parameter> trainable);

    /**
     * Makes {@code images} (count × {@code imageShape}, row-major, already normalised) available for batch
     * gathering; may keep a reference to the array instead of copying it.
     */
    ImageBatches images(float[] images, Shape imageShape);

    /** Frees what the kernels hold; called when the network is closed. */
    default void close() {
    }
}
