package org.lenetlab.results;

/**
 * Timings of a cell.
 *
 * @param trainSeconds             total time of the training steps (evaluation excluded)
 * @param trainImagesPerSecond     training images per second
 * @param inferenceImagesPerSecond test-set images per second of the last evaluation
 */
public record Timings(double trainSeconds, double trainImagesPerSecond, double inferenceImagesPerSecond) {
}
