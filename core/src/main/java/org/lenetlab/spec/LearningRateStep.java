package org.lenetlab.spec;

/**
 * One step of a learning-rate schedule: from epoch {@code fromEpoch} (1-based) on, until the next step, the
 * learning rate is {@code learningRate}.
 *
 * @param fromEpoch    the first epoch of this step (required, at least 1)
 * @param learningRate the learning rate (required, above 0)
 */
public record LearningRateStep(Integer fromEpoch, Double learningRate) {
}
