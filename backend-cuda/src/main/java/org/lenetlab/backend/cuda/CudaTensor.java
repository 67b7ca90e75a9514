package org.lenetlab.backend.cuda;

import java.util.Objects;
import jcuda.driver.CUdeviceptr;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;

/**
 * A float32 tensor in device memory, row-major in its shape, zero when allocated and freed when unreachable. Host
 * access copies: {@link #read}/{@link #write} in bulk (doubles are rounded to float32 on the host before going up,
 * and widened after coming down), {@link #get}/{@link #set} one value (for tests and set-up).
 */
final class CudaTensor implements Tensor {
    private final CudaDevice device;
    private final Shape shape;
    private final long length;
    private final DeviceBuffer buffer;
    private final CUdeviceptr pointer;

    CudaTensor(CudaDevice device, Shape shape) {
        this.device = device;
        this.shape = Objects.requireNonNull(shape, "shape");
        this.length = shape.size();
        this.buffer = new DeviceBuffer(device, length * Float.BYTES);
        this.pointer = buffer.pointer();
    }

    /** The CUDA tensor behind {@code tensor}. */
    static CudaTensor of(Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        if (tensor instanceof CudaTensor cuda) {
            return cuda;
        }
        throw new IllegalArgumentException("not a cuda tensor: " + tensor.getClass().getName());
    }

    /** The device address of {@code tensor}'s first value. */
    static CUdeviceptr pointer(Tensor tensor) {
        return of(tensor).pointer;
    }

    /** The device address of the first value. */
    CUdeviceptr pointer() {
        return pointer;
    }

    /** The number of values. */
    long length() {
        return length;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public void write(float[] source, int offset) {
        int n = Math.toIntExact(length);
        Objects.checkFromIndexSize(offset, n, source.length);
        device.upload(source, offset, pointer, 0, n);
    }

    @Override
    public void read(float[] target, int offset) {
        int n = Math.toIntExact(length);
        Objects.checkFromIndexSize(offset, n, target.length);
        device.download(pointer, 0, target, offset, n);
    }

    @Override
    public void write(double[] source) {
        int n = Math.toIntExact(length);
        Objects.checkFromIndexSize(0, n, source.length);
        float[] rounded = new float[n];
        for (int i = 0; i < n; i++) {
            rounded[i] = (float) source[i];
        }
        device.upload(rounded, 0, pointer, 0, n);
    }

    @Override
    public void read(double[] target) {
        int n = Math.toIntExact(length);
        Objects.checkFromIndexSize(0, n, target.length);
        float[] values = new float[n];
        device.download(pointer, 0, values, 0, n);
        for (int i = 0; i < n; i++) {
            target[i] = values[i];
        }
    }

    @Override
    public double get(long index) {
        Objects.checkIndex(index, length);
        float[] one = new float[1];
        device.download(pointer, index, one, 0, 1);
        return one[0];
    }

    @Override
    public void set(long index, double value) {
        Objects.checkIndex(index, length);
        device.upload(new float[] {(float) value}, 0, pointer, index, 1);
    }

    @Override
    public void clear() {
        device.zero(pointer, length);
    }

    @Override
    public String toString() {
        return "CudaTensor[" + shape + "]";
    }
}
