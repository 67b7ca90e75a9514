package org.lenetlab.spec;

/**
 * The bounds of every number a user gives, whether in a spec or on the command line, defined once: the spec reader
 * and the commands check against these.
 */
public final class Limits {
    /** Most epochs of a cell. */
    public static final int MAX_EPOCHS = 100_000;
    /** Largest training batch and training-set limit: MNIST's training set. */
    public static final int MAX_TRAIN_IMAGES = 60_000;
    /** Largest evaluation batch: MNIST's test set. */
    public static final int MAX_EVALUATION_BATCH = 10_000;
    /** Largest checkpoint interval, in epochs. */
    public static final int MAX_CHECKPOINT_EVERY = MAX_EPOCHS;

    private Limits() {
    }

    /**
     * {@code null} when {@code value} is in {@code [1, max]}, else the message {@code "must be between 1 and max,
     * got value"}.
     */
    public static String outside(long value, long max) {
        return value < 1 || value > max ? "must be between 1 and " + max + ", got " + value : null;
    }
}
