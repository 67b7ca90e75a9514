package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.ImageBatches;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.ActivationPlan;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.DensePlan;
import org.lenetlab.plan.DropoutPlan;
import org.lenetlab.plan.FlattenPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.PoolingPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.RbfPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.SubsamplingPlan;

/**
 * The cuda backend's per-layer kernels, in float32 on one device, for core's {@link
 * org.lenetlab.backend.kernels.ComposedNetwork}: {@link CudaTensor}s, one layer kernel per planned layer (every kind
 * has a device kernel, curvature pass included), the losses ({@link LossKernelOnDevice}), the update rules (one launch
 * per step over every trainable parameter) and the data set in device memory ({@link DeviceImageBatches}). The
 * {@link Layers} visitor is the module's only dispatch over layer kinds. Everything is allocated in a
 * {@linkplain CudaDevice#scope() scope} of the device that {@link #close()} releases.
 */
final class CudaKernels implements KernelProvider {
    private final CudaDevice device;
    private final LayerPlan.Visitor<LayerKernel> layers = new Layers();

    /** Kernels on {@code device}, whose device memory {@link #close()} frees. */
    CudaKernels(CudaDevice device) {
        this.device = device.scope();
    }

    /** The device the kernels launch on. */
    CudaDevice gpu() {
        return device;
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT32;
    }

    @Override
    public String device() {
        return device.description();
    }

    @Override
    public CudaTensor allocate(Shape shape) {
        return new CudaTensor(device, shape);
    }

    /** A parameter of {@code plan}'s shape with its value, gradient and curvature tensors, all zero. */
    Parameter parameter(ParameterPlan plan) {
        return new Parameter(plan, allocate(plan.shape()), allocate(plan.shape()), allocate(plan.shape()));
    }

    @Override
    public LayerKernel layer(LayerPlan layer) {
        return layer.accept(layers);
    }

    /** The one dispatch over layer kinds of the cuda backend. */
    private final class Layers implements LayerPlan.Visitor<LayerKernel> {
        @Override
        public LayerKernel convolution(ConvolutionPlan layer) {
            return new ConvolutionKernel(CudaKernels.this, layer);
        }

        @Override
        public LayerKernel pooling(PoolingPlan layer) {
            return new PoolingKernel(CudaKernels.this, layer);
        }

        @Override
        public LayerKernel activation(ActivationPlan layer) {
            return new ActivationKernel(CudaKernels.this, layer);
        }

        @Override
        public LayerKernel subsampling(SubsamplingPlan layer) {
            return new SubsamplingKernel(CudaKernels.this, layer);
        }

        @Override
        public LayerKernel rbf(RbfPlan layer) {
            return new RadialBasisKernel(CudaKernels.this, layer);
        }

        @Override
        public LayerKernel flatten(FlattenPlan layer) {
            return new FlattenKernel(CudaKernels.this);
        }

        @Override
        public LayerKernel dense(DensePlan layer) {
            return new DenseKernel(CudaKernels.this, layer);
        }

        @Override
        public LayerKernel dropout(DropoutPlan layer) {
            return new DropoutKernel(CudaKernels.this, layer);
        }
    }

    @Override
    public LossKernel loss(LossPlan loss) {
        return loss.accept(new LossPlan.Visitor<LossKernel>() {
            @Override
            public LossKernel softmaxCrossEntropy(LossPlan.SoftmaxCrossEntropy l) {
                return new LossKernelOnDevice(device, LossKernelOnDevice.Kind.SOFTMAX_CROSS_ENTROPY, 0);
            }

            @Override
            public LossKernel rbfDistance(LossPlan.RbfDistance l) {
                return new LossKernelOnDevice(device, LossKernelOnDevice.Kind.RBF_DISTANCE, 0);
            }

            @Override
            public LossKernel rbfMap(LossPlan.RbfMap l) {
                return new LossKernelOnDevice(device, LossKernelOnDevice.Kind.RBF_MAP, l.j());
            }

            @Override
            public LossKernel rbfCrossEntropy(LossPlan.RbfCrossEntropy l) {
                return new LossKernelOnDevice(device, LossKernelOnDevice.Kind.RBF_CROSS_ENTROPY, 0);
            }
        });
    }

    /** The update rule over {@code trainable} (core's composition passes only the trainable parameters). */
    @Override
    public ParameterUpdater updater(OptimizerPlan optimizer, List<Parameter> trainable) {
        return optimizer.accept(new OptimizerPlan.Visitor<ParameterUpdater>() {
            @Override
            public ParameterUpdater sgd(OptimizerPlan.Sgd sgd) {
                return new SgdUpdater(device, sgd, trainable);
            }

            @Override
            public ParameterUpdater adam(OptimizerPlan.Adam adam) {
                return new AdamUpdater(device, adam, trainable);
            }

            @Override
            public ParameterUpdater sdlm(OptimizerPlan.Sdlm sdlm) {
                return new SdlmUpdater(device, sdlm, trainable);
            }
        });
    }

    @Override
    public ImageBatches images(float[] images, Shape imageShape) {
        return new DeviceImageBatches(device, images, imageShape);
    }

    /**
     * Frees the device memory of every tensor, parameter, image set and work buffer made through these kernels (so a
     * closed network gives its memory back at once, not when the garbage collector finds it unreachable).
     */
    @Override
    public void close() {
        device.release();
    }
}
