package org.lenetlab.backend.cuda;

import jcuda.driver.CUdeviceptr;

/** One zeroed device allocation, freed when this object becomes unreachable. */
final class DeviceBuffer {
    private final CUdeviceptr pointer;
    private final long bytes;

    DeviceBuffer(CudaDevice device, long bytes) {
        this.bytes = bytes;
        this.pointer = device.allocate(bytes, this);
    }

    /** The device address. */
    CUdeviceptr pointer() {
        return pointer;
    }

    /** The size in bytes. */
    long bytes() {
        return bytes;
    }
}
