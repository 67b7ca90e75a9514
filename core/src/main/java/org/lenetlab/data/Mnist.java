package org.lenetlab.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MNIST training and test sets, with the SHA-256 of each file they were read from for provenance.
 *
 * @param train  the training images
 * @param test   the test images
 * @param sha256 file name → SHA-256 of its uncompressed bytes (lowercase hex), in manifest order
 */
public record Mnist(ImageSet train, ImageSet test, Map<String, String> sha256) {
    /** Keeps an unmodifiable copy of the checksums, in the given order. */
    public Mnist {
        sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    }

    /**
     * The same data with only the first {@code limit} training images, or this when {@code limit} is null or
     * not smaller than the training set; the test set is always whole.
     */
    public Mnist withTrainLimit(Integer limit) {
        if (limit == null || limit >= train.count()) {
            return this;
        }
        return new Mnist(train.first(limit), test, sha256);
    }

    /** Both sets normalised with {@code (x - mean) / std}, see {@link ImageSet#normalized}. */
    public Mnist normalized(double mean, double std) {
        return new Mnist(train.normalized(mean, std), test.normalized(mean, std), sha256);
    }
}
