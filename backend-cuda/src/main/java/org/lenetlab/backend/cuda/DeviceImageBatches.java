package org.lenetlab.backend.cuda;

import java.util.Objects;
import org.lenetlab.backend.kernels.ImageBatches;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;

/**
 * A data set uploaded to the device once; a batch is gathered there ({@code gather_rows}) from the batch's image
 * indices, the only values that go up per batch.
 */
final class DeviceImageBatches implements ImageBatches {
    private final CudaDevice device;
    private final DeviceBuffer images;
    private final Shape imageShape;
    private final int imageSize;
    private final int count;
    private final DeviceInts indices;

    DeviceImageBatches(CudaDevice device, float[] images, Shape imageShape) {
        Objects.requireNonNull(images, "images");
        this.device = device;
        this.imageShape = Objects.requireNonNull(imageShape, "imageShape");
        this.imageSize = Math.toIntExact(imageShape.size());
        if (images.length % imageSize != 0) {
            throw new IllegalArgumentException(images.length + " values are not a whole number of " + imageShape
                    + " images");
        }
        this.count = images.length / imageSize;
        this.images = new DeviceBuffer(device, (long) images.length * Float.BYTES);
        device.upload(images, 0, this.images.pointer(), 0, images.length);
        this.indices = new DeviceInts(device);
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
        CudaTensor target = CudaTensor.of(batch);
        Shape shape = target.shape();
        ImageBatches.checkGather(shape, imageSize, order, from, count);
        for (int i = from; i < from + count; i++) {
            Objects.checkIndex(order[i], this.count);
        }
        device.launchOver(DeviceFunction.GATHER_ROWS, (long) count * imageSize, images.pointer(),
                indices.upload(order, from, count), target.pointer(), count, imageSize);
    }
}
