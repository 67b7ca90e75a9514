package org.lenetlab.backend.cuda;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.ImageBatches;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.LossKernel;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfDistanceSpec;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SoftmaxCrossEntropySpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * The {@code cuda} backend: the CPU backend's layers, losses and optimizers as CUDA C kernels on NVIDIA GPU 0, in
 * float32, launched through JCuda's driver API from PTX built into the jar. Tensors live in device memory, the data
 * set is uploaded once and batches are gathered on the device, so a training step moves only the batch's indices
 * and labels up and its per-row losses and predictions down.
 *
 * <p>Constructing it opens the device; without PTX in the jar, without a CUDA driver, or without a device it throws
 * {@link BackendUnavailableException} with the reason, which the registry reports.
 */
public final class CudaBackend implements Backend {
    /** The name specs use. */
    public static final String NAME = "cuda";

    private final CudaDevice device;

    /** Opens device 0, as the plugin binds it. */
    @Inject
    public CudaBackend() {
        this.device = CudaDevice.open();
    }

    /** The device the kernels run on. */
    CudaDevice gpu() {
        return device;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** GPU name, compute capability, multiprocessors, memory, driver version. */
    @Override
    public String device() {
        return device.description();
    }

    /** The device's free memory. */
    @Override
    public long memoryBudgetBytes() {
        return device.freeBytes();
    }

    @Override
    public Tensor allocate(Shape shape) {
        return new CudaTensor(device, shape);
    }

    /** A parameter of {@code plan}'s shape with its value, gradient and curvature tensors, all zero. */
    Parameter parameter(ParameterPlan plan) {
        return new Parameter(plan, allocate(plan.shape()), allocate(plan.shape()), allocate(plan.shape()));
    }

    @Override
    public LayerKernel layer(LayerPlan layer) {
        LayerSpec spec = layer.spec();
        if (spec instanceof ConvolutionSpec c) {
            return new ConvolutionKernel(this, layer, c);
        }
        if (spec instanceof MaxPoolingSpec p) {
            return new PoolingKernel(this, true, p.size(), p.stride());
        }
        if (spec instanceof AveragePoolingSpec p) {
            return new PoolingKernel(this, false, p.size(), p.stride());
        }
        if (spec instanceof ActivationSpec a) {
            return new ActivationKernel(this, a);
        }
        if (spec instanceof SubsamplingSpec s) {
            return new SubsamplingKernel(this, layer, s);
        }
        if (spec instanceof RbfSpec r) {
            return new RadialBasisKernel(this, layer, r);
        }
        if (spec instanceof FlattenSpec) {
            return new FlattenKernel(this);
        }
        if (spec instanceof DenseSpec) {
            return new DenseKernel(this, layer);
        }
        if (spec instanceof DropoutSpec d) {
            return new DropoutKernel(this, d.rate());
        }
        throw new IllegalArgumentException("the cuda backend has no kernel for layer type " + spec.type());
    }

    @Override
    public LossKernel loss(ModelPlan model) {
        LossSpec loss = model.spec().loss();
        if (loss instanceof SoftmaxCrossEntropySpec) {
            return new LossKernelOnDevice(this, LossKernelOnDevice.Kind.SOFTMAX_CROSS_ENTROPY, 0);
        }
        if (loss instanceof RbfDistanceSpec) {
            return new LossKernelOnDevice(this, LossKernelOnDevice.Kind.RBF_DISTANCE, 0);
        }
        if (loss instanceof RbfMapSpec m) {
            return new LossKernelOnDevice(this, LossKernelOnDevice.Kind.RBF_MAP, m.j());
        }
        if (loss instanceof RbfCrossEntropySpec) {
            return new LossKernelOnDevice(this, LossKernelOnDevice.Kind.RBF_CROSS_ENTROPY, 0);
        }
        throw new IllegalArgumentException("the cuda backend has no kernel for loss " + loss.type());
    }

    @Override
    public ParameterUpdater updater(OptimizerConfig config, List<Parameter> parameters) {
        List<Parameter> trainable = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.plan().trainable()) {
                trainable.add(p);
            }
        }
        switch (config.kind()) {
            case SGD:
                return new SgdUpdater(device, config, trainable);
            case ADAM:
                return new AdamUpdater(device, config, trainable);
            case SDLM:
                return new SdlmUpdater(device, config, trainable);
            default:
                throw new IllegalArgumentException("the cuda backend has no optimizer " + config.kind());
        }
    }

    @Override
    public ImageBatches images(float[] images, Shape imageShape) {
        return new DeviceImageBatches(device, images, imageShape);
    }
}
