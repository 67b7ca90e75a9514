package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.Objects;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;

/** A float32 tensor in a Java array: the float32 engine's tensors. */
final class FloatTensor implements CpuTensor {
    private final Shape shape;
    private final float[] data;

    FloatTensor(Shape shape) {
        this.shape = shape;
        this.data = new float[Math.toIntExact(shape.size())];
    }

    /** The float32 tensor behind {@code tensor}. */
    static FloatTensor of(Tensor tensor) {
        if (CpuTensor.of(tensor) instanceof FloatTensor f) {
            return f;
        }
        throw new IllegalArgumentException("not a float32 tensor: " + tensor);
    }

    /** The float32 array behind {@code tensor}, read and written in place. */
    static float[] data(Tensor tensor) {
        return of(tensor).data;
    }

    /** The values, read and written in place. */
    float[] data() {
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
        System.arraycopy(source, offset, data, 0, data.length);
    }

    @Override
    public void read(float[] target, int offset) {
        CpuTensor.checkRange(offset, data.length, target.length);
        System.arraycopy(data, 0, target, offset, data.length);
    }

    @Override
    public void write(double[] source) {
        CpuTensor.checkRange(0, data.length, source.length);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) source[i];
        }
    }

    @Override
    public void read(double[] target) {
        CpuTensor.checkRange(0, data.length, target.length);
        for (int i = 0; i < data.length; i++) {
            target[i] = data[i];
        }
    }

    @Override
    public double get(long index) {
        return data[Math.toIntExact(Objects.checkIndex(index, (long) data.length))];
    }

    @Override
    public void set(long index, double value) {
        data[Math.toIntExact(Objects.checkIndex(index, (long) data.length))] = (float) value;
    }

    @Override
    public void clear() {
        Arrays.fill(data, 0f);
    }

    @Override
    public void gatherRows(float[] images, int imageSize, int[] order, int from, int count) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(images, order[from + i] * imageSize, data, i * imageSize, imageSize);
        }
    }

    @Override
    public String toString() {
        return "FloatTensor[" + shape + "]";
    }
}
