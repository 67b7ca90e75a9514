package org.lenetlab.backend.cpu;

import java.nio.DoubleBuffer;
import java.util.Objects;
import org.lenetlab.backend.ImageBatches;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Images kept in the caller's array; a batch is gathered by one bulk copy per image into the batch's float32 copy,
 * or into its double-precision copy when the double-precision Java kernels use that.
 */
final class CpuImageBatches implements ImageBatches {
    private final float[] images;
    private final int imageSize;
    private final int count;

    CpuImageBatches(float[] images, Shape imageShape) {
        this.images = Objects.requireNonNull(images, "images");
        this.imageSize = Math.toIntExact(imageShape.size());
        if (images.length % imageSize != 0) {
            throw new IllegalArgumentException(images.length + " values are not a whole number of " + imageShape
                    + " images");
        }
        this.count = images.length / imageSize;
    }

    @Override
    public void gather(int[] order, int from, int count, Tensor batch) {
        CpuTensor target = CpuTensor.of(batch);
        Shape shape = target.shape();
        ImageBatches.checkGather(shape, imageSize, order, from, count);
        if (target.onHost()) {
            // the Java kernels read this batch: fill the Java copy
            double[] buffer = count == shape.dim(0) ? target.hostOverwrite() : target.hostWrite();
            for (int i = 0; i < count; i++) {
                int source = start(order[from + i]);
                int at = i * imageSize;
                for (int j = 0; j < imageSize; j++) {
                    buffer[at + j] = images[source + j];
                }
            }
        } else if (target.dataType() == DataType.FLOAT) {
            // the float32 kernels read this batch (ND4J's copy, if a kernel wants it, is one bulk copy away)
            float[] buffer = count == shape.dim(0) ? target.floatsOverwrite() : target.floatsWrite();
            for (int i = 0; i < count; i++) {
                System.arraycopy(images, start(order[from + i]), buffer, i * imageSize, imageSize);
            }
        } else {
            DoubleBuffer buffer = target.doubles();
            for (int i = 0; i < count; i++) {
                int source = start(order[from + i]);
                int at = i * imageSize;
                for (int j = 0; j < imageSize; j++) {
                    buffer.put(at + j, images[source + j]);
                }
            }
        }
    }

    private int start(int image) {
        return Objects.checkIndex(image, count) * imageSize;
    }
}
