package org.lenetlab.results;

import org.lenetlab.train.EpochResult;

/**
 * One epoch in the results file.
 *
 * @param epoch                1-based
 * @param trainLoss            mean training loss
 * @param trainAccuracy        training accuracy during the epoch, in [0, 1]
 * @param testLoss             mean test loss after the epoch
 * @param testAccuracy         test accuracy after the epoch, in [0, 1]
 * @param trainSeconds         time of the epoch's training steps
 * @param trainImagesPerSecond training throughput
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                          double trainSeconds, double trainImagesPerSecond) {

    /** The record of a measured epoch. */
    public static EpochRecord of(EpochResult e) {
        return new EpochRecord(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(),
                e.trainSeconds(), e.trainImagesPerSecond());
    }
}
