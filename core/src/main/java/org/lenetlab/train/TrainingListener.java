package org.lenetlab.train;

/** Hears the progress of one training run; every method has an empty default. */
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() { };

    /** Epoch {@code epoch} (1-based) of {@code epochs} starts, with {@code batches} batches. */
    default void epochStarted(int epoch, int epochs, int batches) {
    }

    /** A training batch finished. */
    default void batchFinished(int epoch, int batch, int batches, double meanLoss, double imagesPerSecond) {
    }

    /** An epoch finished, including its evaluation. */
    default void epochFinished(EpochResult result) {
    }
}
