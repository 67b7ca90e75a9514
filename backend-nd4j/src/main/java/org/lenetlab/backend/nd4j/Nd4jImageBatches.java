package org.lenetlab.backend.nd4j;

import java.util.Objects;
import org.lenetlab.backend.kernels.ImageBatches;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;

/** Images kept in the caller's array; a batch is gathered into an {@link Nd4jTensor} by one bulk copy per image. */
final class Nd4jImageBatches implements ImageBatches {
    private final float[] images;
    private final Shape imageShape;
    private final int imageSize;
    private final int count;

    Nd4jImageBatches(float[] images, Shape imageShape) {
        this.images = Objects.requireNonNull(images, "images");
        this.imageShape = imageShape;
        this.imageSize = Math.toIntExact(imageShape.size());
        if (images.length % imageSize != 0) {
            throw new IllegalArgumentException(images.length + " values are not a whole number of " + imageShape
                    + " images");
        }
        this.count = images.length / imageSize;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Shape imageShape() {
        return imageShape;
    }

    @Override
    public void gather(int[] order, int from, int count, Tensor batch) {
        if (!(batch instanceof Nd4jTensor target)) {
            throw new IllegalArgumentException("not an nd4j tensor: " + batch.getClass().getName());
        }
        ImageBatches.checkGather(target.shape(), imageSize, order, from, count);
        for (int i = 0; i < count; i++) {
            Objects.checkIndex(order[from + i], this.count);
        }
        target.gatherRows(images, imageSize, order, from, count);
    }
}
