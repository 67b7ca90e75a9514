package org.lenetlab.backend.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.lenetlab.backend.Tensor;
import org.lenetlab.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Tensor} with two copies, each made on first use: a dense, c-ordered ND4J array that owns its buffer
 * (never a view), for the kernels that call ND4J, and a Java {@code double[]}, for the kernels written as Java loops
 * (small batches and the layer types ND4J has no op for). Each side knows whether it is current; asking for a side
 * that is not brings it up to date with one bulk copy, and asking for a side to write into marks the other one
 * stale. A network that runs only Java kernels (LeNet-5 trained one pattern at a time) thus never touches ND4J, and
 * one that runs only ND4J kernels never copies.
 *
 * <p>Values read through the {@link Tensor} methods are in the backend's precision: a float32 tensor rounds what the
 * Java kernels computed in double when it is read, exactly as its ND4J copy does.
 */
public final class CpuTensor implements Tensor {
    private static final int CHUNK = 8192;

    private final Shape shape;
    private final DataType type;
    private final int length;
    private INDArray array;
    private double[] host;
    /** Whether the ND4J side (zeros while not allocated) holds the current values. */
    private boolean nativeCurrent = true;
    /** Whether the Java side (zeros while not allocated) holds the current values. */
    private boolean hostCurrent = true;

    private CpuTensor(Shape shape, DataType type) {
        this.shape = shape;
        this.type = type;
        this.length = Math.toIntExact(shape.size());
    }

    /** A zero-filled tensor of {@code shape} in {@code type} (FLOAT or DOUBLE); nothing is allocated yet. */
    static CpuTensor zeros(Shape shape, DataType type) {
        return new CpuTensor(shape, type);
    }

    /** The CPU tensor behind {@code tensor}. */
    static CpuTensor of(Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        if (tensor instanceof CpuTensor cpu) {
            return cpu;
        }
        throw new IllegalArgumentException("not a cpu tensor: " + tensor.getClass().getName());
    }

    /** The ND4J array behind {@code tensor}, current and about to be written (see {@link #array()}). */
    static INDArray array(Tensor tensor) {
        return of(tensor).array();
    }

    /**
     * The ND4J array (c-order, not a view), brought up to date; the caller may write it, so the Java copy is marked
     * stale.
     */
    public INDArray array() {
        INDArray a = nativeRead();
        hostCurrent = false;
        return a;
    }

    /** The ND4J array brought up to date, for reading only. */
    private INDArray nativeRead() {
        if (array == null) {
            array = Nd4j.create(type, shape.longDims());
        }
        if (!nativeCurrent) {
            hostToNative();
            nativeCurrent = true;
        }
        return array;
    }

    /** The Java copy, brought up to date, for reading only. */
    double[] hostRead() {
        if (host == null) {
            host = new double[length];
        }
        if (!hostCurrent) {
            nativeToHost();
            hostCurrent = true;
        }
        return host;
    }

    /** The Java copy, brought up to date, to read and write; the ND4J copy is marked stale. */
    double[] hostWrite() {
        double[] h = hostRead();
        nativeCurrent = false;
        return h;
    }

    /** The Java copy with unspecified contents, for a caller that overwrites all of it; the ND4J copy goes stale. */
    double[] hostOverwrite() {
        if (host == null) {
            host = new double[length];
        }
        hostCurrent = true;
        nativeCurrent = false;
        return host;
    }

    /** Whether the Java copy exists and is current, so Java kernels reading it need no copy. */
    boolean onHost() {
        return host != null && hostCurrent;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DataType dataType() {
        return type;
    }

    /** The number of elements. */
    int length() {
        return length;
    }

    @Override
    public void write(float[] source, int offset) {
        copyIn(source, offset, 0, length);
    }

    /** Copies {@code count} values from {@code source[offset..]} into this tensor's flat positions from {@code at}. */
    void copyIn(float[] source, int offset, int at, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        Objects.checkFromIndexSize(at, count, length);
        double[] h = count == length ? hostOverwrite() : hostWrite();
        for (int i = 0; i < count; i++) {
            h[at + i] = source[offset + i];
        }
    }

    /** Copies {@code count} values from {@code source[offset..]} into this tensor's first {@code count} positions. */
    void copyIn(double[] source, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        Objects.checkFromIndexSize(0, count, length);
        double[] h = count == length ? hostOverwrite() : hostWrite();
        System.arraycopy(source, offset, h, 0, count);
    }

    /** Copies all values, in the tensor's precision widened to double, into {@code target[0..length)}. */
    void copyOut(double[] target) {
        Objects.checkFromIndexSize(0, length, target.length);
        double[] h = hostRead();
        if (type == DataType.FLOAT) {
            for (int i = 0; i < length; i++) {
                target[i] = (float) h[i];
            }
        } else {
            System.arraycopy(h, 0, target, 0, length);
        }
    }

    @Override
    public void read(float[] target, int offset) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (!hostCurrent && type == DataType.FLOAT) {
            nativeRead().data().asNioFloat().get(0, target, offset, length);
            return;
        }
        double[] h = hostRead();
        for (int i = 0; i < length; i++) {
            target[offset + i] = (float) h[i];
        }
    }

    @Override
    public double get(long index) {
        int i = Math.toIntExact(Objects.checkIndex(index, (long) length));
        if (hostCurrent) {
            double v = host == null ? 0 : host[i];
            return type == DataType.FLOAT ? (float) v : v;
        }
        INDArray a = nativeRead();
        return type == DataType.FLOAT ? a.data().asNioFloat().get(i) : a.data().asNioDouble().get(i);
    }

    @Override
    public void set(long index, double value) {
        int i = Math.toIntExact(Objects.checkIndex(index, (long) length));
        hostWrite()[i] = type == DataType.FLOAT ? (float) value : value;
    }

    @Override
    public void clear() {
        if (host != null || array == null) {
            Arrays.fill(hostOverwrite(), 0.0);
        } else {
            array().assign(0);
        }
    }

    /** A live view of the ND4J buffer as floats (FLOAT tensors only), current and about to be written. */
    FloatBuffer floats() {
        return array().data().asNioFloat();
    }

    /** A live view of the ND4J buffer as doubles (DOUBLE tensors only), current and about to be written. */
    DoubleBuffer doubles() {
        return array().data().asNioDouble();
    }

    private void hostToNative() {
        if (host == null) {
            array.assign(0);
            return;
        }
        if (type == DataType.FLOAT) {
            FloatBuffer f = array.data().asNioFloat();
            float[] chunk = new float[Math.min(CHUNK, length)];
            for (int from = 0; from < length; from += CHUNK) {
                int n = Math.min(CHUNK, length - from);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (float) host[from + i];
                }
                f.put(from, chunk, 0, n);
            }
        } else {
            array.data().asNioDouble().put(0, host, 0, length);
        }
    }

    private void nativeToHost() {
        if (array == null) {
            Arrays.fill(host, 0.0);
            return;
        }
        if (type == DataType.FLOAT) {
            FloatBuffer f = array.data().asNioFloat();
            float[] chunk = new float[Math.min(CHUNK, length)];
            for (int from = 0; from < length; from += CHUNK) {
                int n = Math.min(CHUNK, length - from);
                f.get(from, chunk, 0, n);
                for (int i = 0; i < n; i++) {
                    host[from + i] = chunk[i];
                }
            }
        } else {
            array.data().asNioDouble().get(0, host, 0, length);
        }
    }

    @Override
    public String toString() {
        return "CpuTensor[" + shape + ", " + type + "]";
    }
}
