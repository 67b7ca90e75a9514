package org.lenetlab.backend;

/** Applies an optimizer's update to a fixed list of parameters, using their current gradients. */
public interface ParameterUpdater {
    /** One update step; {@code step} counts from 1 (Adam's bias correction uses it). */
    void update(long step);

    /** Changes the learning rate for the following steps (for schedules). */
    void setLearningRate(double learningRate);

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
