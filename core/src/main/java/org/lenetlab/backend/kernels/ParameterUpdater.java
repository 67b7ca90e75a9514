package org.lenetlab.backend.kernels;

import java.util.List;

/**
 * Applies an update rule ({@link org.lenetlab.plan.OptimizerPlan}) to a fixed list of trainable parameters, using
 * their current gradients.
 */
public interface ParameterUpdater {
    /** One update step; {@code step} counts from 1 (Adam's bias correction uses it). */
    void update(long step);

    /** Changes the learning rate for the following steps (for schedules). */
    void setLearningRate(double learningRate);

    /**
     * A copy of the optimizer's state, in the layout {@link org.lenetlab.plan.OptimizerPlan} documents; empty for a
     * stateless rule. Together with the parameters and the step counter it is what a checkpoint needs to continue
     * training exactly.
     */
    List<double[]> state();

    /**
     * Replaces the optimizer's state with {@code state}, as {@link #state()} returns it. Checks every length before
     * changing anything.
     *
     * @throws IllegalArgumentException when the number or lengths of the arrays do not fit
     */
    void restore(List<double[]> state);

    /** Starts a new curvature estimate (SDLM only; others ignore it). */
    default void resetCurvature() {
    }

    /**
     * Adds the parameters' current {@link Parameter#curvature() curvature} tensors, computed by a curvature pass over
     * a batch of {@code samples} samples (the estimate of that batch's mean loss), to the running estimate.
     */
    default void accumulateCurvature(int samples) {
    }

    /** Ends the estimate: the following steps use the average of what was accumulated, until the next reset. */
    default void finishCurvature() {
    }
}
