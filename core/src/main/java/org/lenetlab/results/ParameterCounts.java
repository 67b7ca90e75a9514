package org.lenetlab.results;

/**
 * Parameter counts of a model.
 *
 * @param trainable parameters the optimizer updates
 * @param fixed     parameters that stay fixed
 */
public record ParameterCounts(long trainable, long fixed) {
}
