package org.lenetlab.spec;

/**
 * The data set of an experiment.
 *
 * @param name       the data set; only {@code "mnist"} for now
 * @param trainLimit optional: train on the first N training images only (the test set is always whole)
 */
public record DatasetSpec(String name, Integer trainLimit) {
    /** The full MNIST data set. */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist", null);
}
