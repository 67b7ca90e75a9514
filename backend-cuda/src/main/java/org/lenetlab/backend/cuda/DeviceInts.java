package org.lenetlab.backend.cuda;

import jcuda.driver.CUdeviceptr;

/** A device buffer of 32-bit ints (index tables, labels), grown on demand. */
final class DeviceInts {
    private final CudaDevice device;
    private DeviceBuffer buffer;

    DeviceInts(CudaDevice device) {
        this.device = device;
    }

    /** A buffer holding {@code values}. */
    static DeviceInts of(CudaDevice device, int[] values) {
        DeviceInts ints = new DeviceInts(device);
        ints.upload(values, 0, values.length);
        return ints;
    }

    /** Copies {@code values[offset..offset+count)} to the start of the buffer, growing it first if needed. */
    CUdeviceptr upload(int[] values, int offset, int count) {
        CUdeviceptr pointer = ensure(count);
        if (count > 0) {
            device.upload(values, offset, count, pointer);
        }
        return pointer;
    }

    /** The buffer, holding at least {@code count} ints (contents unspecified after growing). */
    CUdeviceptr ensure(int count) {
        if (buffer == null || buffer.bytes() < (long) count * Integer.BYTES) {
            buffer = new DeviceBuffer(device, (long) Math.max(count, 1) * Integer.BYTES);
        }
        return buffer.pointer();
    }

    /** The current buffer's address. */
    CUdeviceptr pointer() {
        return buffer.pointer();
    }
}
