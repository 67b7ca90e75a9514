package org.lenetlab.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A tensor in a dense, c-ordered ND4J array that owns its buffer (never a view): the nd4j backend's tensors. */
final class Nd4jTensor implements Tensor {
    private final Shape shape;
    private final INDArray array;
    private final int length;

    Nd4jTensor(Shape shape, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("ND4J tensors here are FLOAT or DOUBLE, not " + type);
        }
        this.shape = shape;
        this.array = Nd4j.create(type, shape.longDims());
        this.length = Math.toIntExact(shape.size());
    }

    /** The ND4J array behind {@code tensor}. */
    static INDArray array(Tensor tensor) {
        if (Objects.requireNonNull(tensor, "tensor") instanceof Nd4jTensor n) {
            return n.array;
        }
        throw new IllegalArgumentException("not an nd4j tensor: " + tensor.getClass().getName());
    }

    /** The ND4J array. */
    INDArray array() {
        return array;
    }

    private boolean isFloat() {
        return array.dataType() == DataType.FLOAT;
    }

    /** The number of elements. */
    int length() {
        return length;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public void write(float[] source, int offset) {
        Objects.checkFromIndexSize(offset, length, source.length);
        if (isFloat()) {
            array.data().asNioFloat().put(0, source, offset, length);
        } else {
            DoubleBuffer d = array.data().asNioDouble();
            for (int i = 0; i < length; i++) {
                d.put(i, source[offset + i]);
            }
        }
    }

    @Override
    public void read(float[] target, int offset) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (isFloat()) {
            array.data().asNioFloat().get(0, target, offset, length);
        } else {
            DoubleBuffer d = array.data().asNioDouble();
            for (int i = 0; i < length; i++) {
                target[offset + i] = (float) d.get(i);
            }
        }
    }

    @Override
    public void write(double[] source) {
        Objects.checkFromIndexSize(0, length, source.length);
        if (isFloat()) {
            FloatBuffer f = array.data().asNioFloat();
            for (int i = 0; i < length; i++) {
                f.put(i, (float) source[i]);
            }
        } else {
            array.data().asNioDouble().put(0, source, 0, length);
        }
    }

    @Override
    public void read(double[] target) {
        Objects.checkFromIndexSize(0, length, target.length);
        if (isFloat()) {
            FloatBuffer f = array.data().asNioFloat();
            for (int i = 0; i < length; i++) {
                target[i] = f.get(i);
            }
        } else {
            array.data().asNioDouble().get(0, target, 0, length);
        }
    }

    @Override
    public double get(long index) {
        int i = Math.toIntExact(Objects.checkIndex(index, (long) length));
        return isFloat() ? array.data().asNioFloat().get(i) : array.data().asNioDouble().get(i);
    }

    @Override
    public void set(long index, double value) {
        int i = Math.toIntExact(Objects.checkIndex(index, (long) length));
        if (isFloat()) {
            array.data().asNioFloat().put(i, (float) value);
        } else {
            array.data().asNioDouble().put(i, value);
        }
    }

    @Override
    public void clear() {
        array.assign(0);
    }

    /**
     * Copies the images {@code order[from] .. order[from + count − 1]} of {@code images} (rows of {@code imageSize}
     * values) into this tensor's first {@code count} rows.
     */
    void gatherRows(float[] images, int imageSize, int[] order, int from, int count) {
        if (isFloat()) {
            FloatBuffer f = array.data().asNioFloat();
            for (int i = 0; i < count; i++) {
                f.put(i * imageSize, images, order[from + i] * imageSize, imageSize);
            }
        } else {
            DoubleBuffer d = array.data().asNioDouble();
            for (int i = 0; i < count; i++) {
                int source = order[from + i] * imageSize;
                for (int j = 0; j < imageSize; j++) {
                    d.put(i * imageSize + j, images[source + j]);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Nd4jTensor[" + shape + ", " + array.dataType() + "]";
    }
}
