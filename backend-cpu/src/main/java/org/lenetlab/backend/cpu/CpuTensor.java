package org.lenetlab.backend.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.lenetlab.backend.Tensor;
import org.lenetlab.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Tensor} backed by a dense, c-ordered ND4J array that owns its buffer (never a view), so that the
 * array's data buffer is exactly the tensor's row-major contents.
 */
public final class CpuTensor implements Tensor {
    private final Shape shape;
    private final INDArray array;

    private CpuTensor(Shape shape, INDArray array) {
        this.shape = shape;
        this.array = array;
    }

    /** A zero-filled tensor of {@code shape} in {@code type} (FLOAT or DOUBLE). */
    static CpuTensor zeros(Shape shape, DataType type) {
        return new CpuTensor(shape, Nd4j.create(type, shape.longDims()));
    }

    /** The CPU tensor behind {@code tensor}. */
    static CpuTensor of(Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        if (tensor instanceof CpuTensor cpu) {
            return cpu;
        }
        throw new IllegalArgumentException("not a cpu tensor: " + tensor.getClass().getName());
    }

    /** The ND4J array behind {@code tensor}. */
    static INDArray array(Tensor tensor) {
        return of(tensor).array;
    }

    /** The backing array (c-order, not a view). */
    public INDArray array() {
        return array;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DataType dataType() {
        return array.dataType();
    }

    /** The number of elements, as an int (every tensor's buffer is addressed with int indices). */
    int length() {
        return Math.toIntExact(array.length());
    }

    @Override
    public void write(float[] source, int offset) {
        copyIn(source, offset, 0, length());
    }

    /** Copies {@code count} values from {@code source[offset..]} into this tensor's flat positions from {@code at}. */
    void copyIn(float[] source, int offset, int at, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        Objects.checkFromIndexSize(at, count, length());
        if (array.dataType() == DataType.FLOAT) {
            floats().put(at, source, offset, count);
        } else {
            DoubleBuffer d = doubles();
            for (int i = 0; i < count; i++) {
                d.put(at + i, source[offset + i]);
            }
        }
    }

    /** Copies {@code count} values from {@code source[0..count)} into this tensor's first {@code count} positions. */
    void copyIn(double[] source, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        Objects.checkFromIndexSize(0, count, length());
        if (array.dataType() == DataType.DOUBLE) {
            doubles().put(0, source, offset, count);
        } else {
            FloatBuffer f = floats();
            for (int i = 0; i < count; i++) {
                f.put(i, (float) source[offset + i]);
            }
        }
    }

    /** Copies all values, widened to double, into {@code target[0..length)}. */
    void copyOut(double[] target) {
        int n = length();
        Objects.checkFromIndexSize(0, n, target.length);
        if (array.dataType() == DataType.DOUBLE) {
            doubles().get(0, target, 0, n);
        } else {
            FloatBuffer f = floats();
            for (int i = 0; i < n; i++) {
                target[i] = f.get(i);
            }
        }
    }

    @Override
    public void read(float[] target, int offset) {
        int n = length();
        Objects.checkFromIndexSize(offset, n, target.length);
        if (array.dataType() == DataType.FLOAT) {
            floats().get(0, target, offset, n);
        } else {
            DoubleBuffer d = doubles();
            for (int i = 0; i < n; i++) {
                target[offset + i] = (float) d.get(i);
            }
        }
    }

    @Override
    public double get(long index) {
        int i = Math.toIntExact(Objects.checkIndex(index, array.length()));
        return array.dataType() == DataType.FLOAT ? floats().get(i) : doubles().get(i);
    }

    @Override
    public void set(long index, double value) {
        int i = Math.toIntExact(Objects.checkIndex(index, array.length()));
        if (array.dataType() == DataType.FLOAT) {
            floats().put(i, (float) value);
        } else {
            doubles().put(i, value);
        }
    }

    @Override
    public void clear() {
        array.assign(0);
    }

    /** A live view of the buffer as floats (FLOAT tensors only). */
    FloatBuffer floats() {
        return array.data().asNioFloat();
    }

    /** A live view of the buffer as doubles (DOUBLE tensors only). */
    DoubleBuffer doubles() {
        return array.data().asNioDouble();
    }

    @Override
    public String toString() {
        return "CpuTensor[" + shape + ", " + array.dataType() + "]";
    }
}
