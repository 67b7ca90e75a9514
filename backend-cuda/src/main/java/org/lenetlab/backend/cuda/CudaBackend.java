package org.lenetlab.backend.cuda;

import jakarta.inject.Inject;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;

/**
 * The {@code cuda} backend: every layer, loss and update rule of the CPU backend as CUDA C functions on an NVIDIA
 * GPU (device 0, or the one {@link CompileOptions#device()} names, as a cluster's scheduler assigns it), in float32, launched through JCuda's driver API from PTX built into the jar. It compiles a network as core's
 * default composition ({@link ComposedNetwork}) of its per-layer kernels ({@link CudaKernels}). Tensors live in device
 * memory, the data set is uploaded once and batches are gathered on the device, so a training step moves only the
 * batch's indices and labels up and its per-row losses and predictions down.
 *
 * <p>Constructing it opens the device; without PTX in the jar, without a CUDA driver, or without a device it throws
 * {@link BackendUnavailableException} with the reason, which the registry reports. The registry constructs it only
 * when a run first asks for it.
 */
public final class CudaBackend implements Backend {
    /** The name specs use. */
    public static final String NAME = "cuda";

    private final CudaDevice device;
    private final java.util.Map<Integer, CudaDevice> others = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Opens device 0, as the plugin binds it.
     *
     * @throws BackendUnavailableException without PTX, a CUDA driver or a device, with the reason
     */
    @Inject
    public CudaBackend() {
        this.device = CudaDevice.open();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** GPU name, compute capability, multiprocessors, memory, driver and JCuda versions. */
    @Override
    public String device() {
        return device.description();
    }

    /**
     * Compiles {@code model} for float32, one kernel per layer, on device {@link CompileOptions#device()} (device 0
     * when not given; another device is opened on first use and kept).
     *
     * @throws UnsupportedOperationException for a network declared in float64: the device functions are float32 only
     * @throws BackendUnavailableException   when the device asked for does not exist or cannot be opened
     */
    @Override
    public CompiledNetwork compile(ModelPlan model, CompileOptions options) {
        if (options.precision() != Precision.FLOAT32) {
            throw new UnsupportedOperationException("the cuda backend computes in float32 only; this cell declares "
                    + options.precision().jsonName());
        }
        Integer index = options.device();
        CudaDevice on = index == null || index == 0 ? device : others.computeIfAbsent(index, CudaDevice::open);
        return ComposedNetwork.compose(model, options, new CudaKernels(on));
    }

    /** The per-layer kernels on this backend's device, as {@link #compile} composes them (also for tests). */
    CudaKernels kernels() {
        return new CudaKernels(device);
    }

    /** The device's free memory. */
    @Override
    public long memoryBudgetBytes() {
        return device.freeBytes();
    }
}
