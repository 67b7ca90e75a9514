package org.lenetlab.backend.kernels;

import java.util.Objects;
import org.lenetlab.backend.ImageData;
import org.lenetlab.plan.Shape;

/**
 * Images held where a backend's kernels want them, from which mini-batches are gathered into a tensor in any order
 * without per-example objects.
 */
public interface ImageBatches extends ImageData {
    /**
     * Copies the images {@code order[from] .. order[from + count - 1]} into the first {@code count} rows of
     * {@code batch}, whose per-row size is the image size.
     */
    void gather(int[] order, int from, int count, Tensor batch);

    /**
     * The checks every {@link #gather} makes before copying: rows of {@code batch} hold images of {@code imageSize}
     * values, {@code count} images fit it, and {@code order[from .. from + count)} exists.
     *
     * @throws IllegalArgumentException  for a batch that does not fit
     * @throws IndexOutOfBoundsException for a range outside {@code order}
     */
    static void checkGather(Shape batch, int imageSize, int[] order, int from, int count) {
        if (batch.size() / batch.dim(0) != imageSize) {
            throw new IllegalArgumentException("batch rows of " + batch.withoutBatch() + " do not hold images of "
                    + imageSize + " values");
        }
        if (count > batch.dim(0)) {
            throw new IllegalArgumentException(count + " images do not fit a batch of " + batch.dim(0));
        }
        Objects.checkFromIndexSize(from, count, order.length);
    }
}
