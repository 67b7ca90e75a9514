package org.lenetlab.backend.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Tensor} with up to three copies, each made on first use: a dense, c-ordered ND4J array that owns its buffer
 * (never a view), for the kernels that call ND4J; a Java {@code double[]}, for the double-precision Java loops (small
 * batches and the layer types ND4J has no op for); and, for float32 tensors, a Java {@code float[]}, for the float32
 * Java kernels of the training hot path ({@link FloatConvolution} and friends). Each side knows whether it is
 * current; asking for a side that is not brings it up to date with one bulk copy from a side that is, and asking for
 * a side to write into marks the others stale. A network that runs only one kind of kernel thus never copies.
 *
 * <p>Values read through the {@link Tensor} methods are in the backend's precision: a float32 tensor rounds what the
 * double-precision Java kernels computed when it is read, exactly as its ND4J copy does.
 */
public final class CpuTensor implements Tensor {
    private static final int CHUNK = 8192;
    private static final int NATIVE = 1;
    private static final int HOST = 2;
    private static final int FLOATS = 4;

    private final Shape shape;
    private final DataType type;
    private final int length;
    private INDArray array;
    private double[] host;
    private float[] floats;
    /** The sides holding the current values (a side not yet allocated counts as zeros). */
    private int current = NATIVE | HOST | FLOATS;

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
     * The ND4J array (c-order, not a view), brought up to date; the caller may write it, so the Java copies are
     * marked stale.
     */
    public INDArray array() {
        INDArray a = nativeRead();
        current = NATIVE;
        return a;
    }

    /** The ND4J array brought up to date, for reading only. */
    private INDArray nativeRead() {
        if (array == null) {
            array = Nd4j.create(type, shape.longDims());
        }
        if ((current & NATIVE) == 0) {
            if ((current & FLOATS) != 0 && floats != null) {
                array.data().asNioFloat().put(0, floats, 0, length);
            } else {
                hostToNative();
            }
            current |= NATIVE;
        }
        return array;
    }

    /** The double-precision Java copy, brought up to date, for reading only. */
    double[] hostRead() {
        if (host == null) {
            host = new double[length];
        }
        if ((current & HOST) == 0) {
            if ((current & FLOATS) != 0 && floats != null) {
                for (int i = 0; i < length; i++) {
                    host[i] = floats[i];
                }
            } else {
                nativeToHost();
            }
            current |= HOST;
        }
        return host;
    }

    /** The double-precision Java copy, brought up to date, to read and write; the other copies are marked stale. */
    double[] hostWrite() {
        double[] h = hostRead();
        current = HOST;
        return h;
    }

    /** The double-precision Java copy with unspecified contents, for a caller that overwrites all of it. */
    double[] hostOverwrite() {
        if (host == null) {
            host = new double[length];
        }
        current = HOST;
        return host;
    }

    /** Whether the double-precision Java copy exists and is current, so Java kernels reading it need no copy. */
    boolean onHost() {
        return host != null && (current & HOST) != 0;
    }

    /** The float32 Java copy (FLOAT tensors only), brought up to date, for reading only. */
    float[] floatsRead() {
        if (type != DataType.FLOAT) {
            throw new IllegalStateException("a " + type + " tensor has no float32 copy");
        }
        if (floats == null) {
            floats = new float[length];
        }
        if ((current & FLOATS) == 0) {
            if ((current & NATIVE) != 0 && array != null) {
                array.data().asNioFloat().get(0, floats, 0, length);
            } else if ((current & HOST) != 0 && host != null) {
                for (int i = 0; i < length; i++) {
                    floats[i] = (float) host[i];
                }
            } else {
                Arrays.fill(floats, 0f);
            }
            current |= FLOATS;
        }
        return floats;
    }

    /** The float32 Java copy, brought up to date, to read and write; the other copies are marked stale. */
    float[] floatsWrite() {
        float[] f = floatsRead();
        current = FLOATS;
        return f;
    }

    /** The float32 Java copy with unspecified contents, for a caller that overwrites all of it. */
    float[] floatsOverwrite() {
        if (type != DataType.FLOAT) {
            throw new IllegalStateException("a " + type + " tensor has no float32 copy");
        }
        if (floats == null) {
            floats = new float[length];
        }
        current = FLOATS;
        return floats;
    }

    /** Whether the float32 Java copy exists and is current. */
    boolean onFloats() {
        return floats != null && (current & FLOATS) != 0;
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
        if (type == DataType.FLOAT && (onFloats() || count == length)) {
            float[] f = count == length ? floatsOverwrite() : floatsWrite();
            System.arraycopy(source, offset, f, at, count);
            return;
        }
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
        if (type == DataType.FLOAT && onFloats()) {
            for (int i = 0; i < length; i++) {
                target[i] = floats[i];
            }
            return;
        }
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
        if (type == DataType.FLOAT && (current & HOST) == 0) {
            System.arraycopy(floatsRead(), 0, target, offset, length);
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
        if ((current & FLOATS) != 0 && floats != null) {
            return floats[i];
        }
        if ((current & HOST) != 0) {
            double v = host == null ? 0 : host[i];
            return type == DataType.FLOAT ? (float) v : v;
        }
        INDArray a = nativeRead();
        return type == DataType.FLOAT ? a.data().asNioFloat().get(i) : a.data().asNioDouble().get(i);
    }

    @Override
    public void set(long index, double value) {
        int i = Math.toIntExact(Objects.checkIndex(index, (long) length));
        if (type == DataType.FLOAT && onFloats()) {
            floatsWrite()[i] = (float) value;
            return;
        }
        hostWrite()[i] = type == DataType.FLOAT ? (float) value : value;
    }

    @Override
    public void clear() {
        if (floats != null) {
            Arrays.fill(floatsOverwrite(), 0f);
        } else if (host != null || array == null) {
            Arrays.fill(hostOverwrite(), 0.0);
        } else {
            array().assign(0);
        }
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
