package org.lenetlab.train;

import java.util.List;

/**
 * Everything one training run measured.
 *
 * @param epochs                   per-epoch results
 * @param testPredictions          the predicted class of every test image after the last epoch
 * @param trainSeconds             total time of the training steps
 * @param trainImagesPerSecond     training images per second over all epochs
 * @param inferenceImagesPerSecond test images per second of the last evaluation
 */
public record TrainingRun(List<EpochResult> epochs, int[] testPredictions, double trainSeconds,
                          double trainImagesPerSecond, double inferenceImagesPerSecond) {
    /** Copies the list and the predictions. */
    public TrainingRun {
        epochs = List.copyOf(epochs);
        testPredictions = testPredictions.clone();
    }

    /** A copy of the test predictions. */
    @Override
    public int[] testPredictions() {
        return testPredictions.clone();
    }
}
