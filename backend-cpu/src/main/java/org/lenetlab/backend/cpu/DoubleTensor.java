package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.Objects;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;

/** A float64 tensor in a Java array: the float64 engine's tensors. */
final class DoubleTensor implements CpuTensor {
    private final Shape shape;
    private final double[] data;

    DoubleTensor(Shape shape) {
        this.shape = shape;
        this.data = new double[Math.toIntExact(shape.size())];
    }

    /** The float64 tensor behind {@code tensor}. */
    static DoubleTensor of(Tensor tensor) {
        if (CpuTensor.of(tensor) instanceof DoubleTensor d) {
            return d;
        }
        throw new IllegalArgumentException("not a float64 tensor: " + tensor);
    }

    /** The float64 array behind {@code tensor}, read and written in place. */
    static double[] data(Tensor tensor) {
        return of(tensor).data;
    }

    /** The values, read and written in place. */
    double[] data() {
        return data;
    }

    @Override
    public int length() {
        return data.length;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public void write(float[] source, int offset) {
        CpuTensor.checkRange(offset, data.length, source.length);
        for (int i = 0; i < data.length; i++) {
            data[i] = source[offset + i];
        }
    }

    @Override
    public void read(float[] target, int offset) {
        CpuTensor.checkRange(offset, data.length, target.length);
        for (int i = 0; i < data.length; i++) {
            target[offset + i] = (float) data[i];
        }
    }

    @Override
    public void write(double[] source) {
        CpuTensor.checkRange(0, data.length, source.length);
        System.arraycopy(source, 0, data, 0, data.length);
    }

    @Override
    public void read(double[] target) {
        CpuTensor.checkRange(0, data.length, target.length);
        System.arraycopy(data, 0, target, 0, data.length);
    }

    @Override
    public double get(long index) {
        return data[Math.toIntExact(Objects.checkIndex(index, (long) data.length))];
    }

    @Override
    public void set(long index, double value) {
        data[Math.toIntExact(Objects.checkIndex(index, (long) data.length))] = value;
    }

    @Override
    public void clear() {
        Arrays.fill(data, 0.0);
    }

    @Override
    public void gatherRows(float[] images, int imageSize, int[] order, int from, int count) {
        for (int i = 0; i < count; i++) {
            int source = order[from + i] * imageSize;
            int at = i * imageSize;
            for (int j = 0; j < imageSize; j++) {
                data[at + j] = images[source + j];
            }
        }
    }

    @Override
    public String toString() {
        return "DoubleTensor[" + shape + "]";
    }
}
