package org.lenetlab.train;

/**
 * What one epoch measured, as results and checkpoints record it.
 *
 * @param epoch                1-based epoch number
 * @param trainLoss            mean training loss over the epoch's batches (weighted by batch size)
 * @param trainAccuracy        fraction of training images classified correctly during the epoch's forward passes
 * @param testLoss             mean loss on the test set after the epoch
 * @param testAccuracy         fraction of test images classified correctly after the epoch
 * @param trainSeconds         wall time of the epoch's training steps (excluding evaluation)
 * @param trainImagesPerSecond training images per second over the epoch
 * @param testSeconds          wall time of the test-set evaluation ({@code null} in results written before it was
 *                             recorded)
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                          double trainSeconds, double trainImagesPerSecond, Double testSeconds) {
}
