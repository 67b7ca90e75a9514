package org.lenetlab.backend;

import java.util.List;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;

/**
 * A {@link ModelPlan} compiled by a backend: its parameters, and one call per batch to train (forward, loss,
 * backward and update), to estimate curvature (SDLM) or to evaluate. Core's training loop drives it; the backend
 * decides how a batch is computed.
 *
 * <p>A batch is the images {@code order[from] .. order[from + count − 1]} of an {@link ImageData}, with their class
 * labels in {@code labels[0..count)}. Random choices (dropout masks) of layer {@code i} in a step with seed
 * {@code s} are drawn from {@link Seeds#forLayer(long, int) Seeds.forLayer(s, i)}, so every backend draws the same.
 *
 * <p>Parameters are numbered as {@link ModelPlan#parameters()}; values cross this interface as doubles (exact for
 * either precision). The optimizer's state follows the layout documented on {@link org.lenetlab.plan.OptimizerPlan}.
 * Not thread-safe; {@link #close()} frees what it holds (device memory).
 */
public interface CompiledNetwork extends AutoCloseable {
    /** The plan it was compiled from. */
    ModelPlan plan();

    /** The precision it computes in. */
    Precision precision();

    /** What it computes on, as results record it (device, libraries, precision, threads). */
    String device();

    /** Copies the values of parameter {@code index} into {@code target}, widened to double. */
    void readParameter(int index, double[] target);

    /** Sets the values of parameter {@code index} from {@code values}, rounded to the network's precision. */
    void writeParameter(int index, double[] values);

    /**
     * Makes {@code count × imageShape.size()} values of {@code images} (row-major) available for batches; the network
     * may keep a reference to the array instead of copying it.
     */
    ImageData images(float[] images, Shape imageShape);

    /**
     * One training step on a batch: forward, loss, backward and the optimizer's update at step {@code step}
     * (counting from 1). Writes each row's predicted class into {@code predictions[0..count)}.
     *
     * @return the batch's mean loss (not finite when training diverged; the parameters are then updated anyway)
     * @throws IllegalStateException for a network compiled without an optimizer
     */
    double trainStep(ImageData images, int[] order, int from, int count, int[] labels, long step, long seed,
                     int[] predictions);

    /**
     * An inference pass on a batch.
     *
     * @return the batch's summed (not mean) loss; each row's predicted class goes into {@code predictions}
     */
    double evaluate(ImageData images, int[] order, int from, int count, int[] labels, int[] predictions);

    /** An inference pass on a batch, writing the last layer's outputs, row by row, into {@code outputs}. */
    void forward(ImageData images, int[] order, int from, int count, float[] outputs);

    /** Changes the learning rate for the following steps (schedules). */
    void setLearningRate(double learningRate);

    /** Starts a new curvature estimate (SDLM); see {@link org.lenetlab.plan.OptimizerPlan#usesCurvature()}. */
    void resetCurvature();

    /**
     * A curvature pass on a batch, added to the running estimate: the Gauss–Newton estimate of the diagonal second
     * derivative of the batch's mean loss with respect to every trainable parameter (LeCun et al. 1998, appendix C),
     * weighted by {@code count}.
     *
     * @return the batch's mean loss
     */
    double accumulateCurvature(ImageData images, int[] order, int from, int count, int[] labels, long seed);

    /** Ends the estimate: the following steps use its per-sample average, until the next reset. */
    void finishCurvature();

    /** A copy of the optimizer's state in the documented layout; empty for a stateless rule. */
    List<double[]> optimizerState();

    /**
     * Replaces the optimizer's state with {@code state}, as {@link #optimizerState()} returns it; checks the count
     * and every length before changing anything.
     *
     * @throws IllegalArgumentException when they do not fit
     */
    void restoreOptimizerState(List<double[]> state);

    /** Frees what the network holds. */
    @Override
    void close();
}
