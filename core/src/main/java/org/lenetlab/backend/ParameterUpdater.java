package org.lenetlab.backend;

import java.util.List;

/** Applies an optimizer's update to a fixed list of parameters, using their current gradients. */
public interface ParameterUpdater {
    /** One update step; {@code step} counts from 1 (Adam's bias correction uses it). */
    void update(long step);

    /** Changes the learning rate for the following steps (for schedules). */
    void setLearningRate(double learningRate);

    /**
     * A copy of the optimizer's state (momentum buffers, moment estimates) as float32 arrays, in an order the
     * updater fixes and documents; empty for a stateless update rule. Together with the parameters and the step
     * counter it is what a checkpoint needs to continue training exactly.
     *
     * @throws UnsupportedOperationException when this updater cannot save its state (the default)
     */
    default List<float[]> state() {
        throw new UnsupportedOperationException("the " + getClass().getSimpleName() + " optimizer cannot save its state");
    }

    /**
     * Replaces the optimizer's state with {@code state}, as returned by {@link #state()} of an updater of the same
     * kind over parameters of the same shapes. Checks every length before changing anything.
     *
     * @throws IllegalArgumentException      when the number or lengths of the arrays do not fit
     * @throws UnsupportedOperationException when this updater cannot restore its state (the default)
     */
    default void restore(List<float[]> state) {
        throw new UnsupportedOperationException("the " + getClass().getSimpleName() + " optimizer cannot restore its state");
    }

    /**
     * Whether this updater steps with a curvature estimate (the stochastic diagonal Levenberg–Marquardt method): the
     * training loop then runs a curvature phase before every epoch, calling {@link #resetCurvature()}, then
     * {@link #accumulateCurvature(int)} after each curvature pass, then {@link #finishCurvature()}.
     */
    default boolean usesCurvature() {
        return false;
    }

    /** Starts a new curvature estimate. */
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
