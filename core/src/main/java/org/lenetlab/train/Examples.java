package org.lenetlab.train;

import org.lenetlab.plan.Shape;

/**
 * Images and their labels as the training loop consumes them: one contiguous array, already normalised.
 * The arrays are shared, not copied.
 *
 * @param images     {@code count × imageShape.size()} values, row-major
 * @param labels     {@code count} class indices
 * @param count      the number of examples
 * @param imageShape the shape of one image, e.g. 1×28×28
 */
public record Examples(float[] images, int[] labels, int count, Shape imageShape) {
    /** Checks the sizes agree. */
    public Examples {
        if (labels.length < count || images.length < count * imageShape.size()) {
            throw new IllegalArgumentException("examples arrays are shorter than " + count + " examples");
        }
    }
}
