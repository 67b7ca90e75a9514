package org.lenetlab.backend;

/** Applies an optimizer's update to a fixed list of parameters, using their current gradients. */
public interface ParameterUpdater {
    /** One update step; {@code step} counts from 1 (Adam's bias correction uses it). */
    void update(long step);

    /** Changes the learning rate for the following steps (for schedules). */
    void setLearningRate(double learningRate);
}
