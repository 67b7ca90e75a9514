package org.lenetlab.backend.cpu;

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
 * The CPU backend's float64 engine: every layer, loss and update rule as single-threaded Java loops in double
 * precision, on {@link DoubleTensor}s. It trains the cells that declare {@code "precision": "float64"} (LeNet-5's
 * per-pattern SDLM run), is the reference of the float32 engine's agreement tests, and serves the float32 engine for
 * the layers it has no float32 kernel for ({@link Widened}).
 *
 * <p>The losses read the network's outputs rounded to float32, as LeNet Lab always has (so the paper run reproduces
 * bit for bit); the float64 kernels made for the tests' finite-difference checks ({@link #exactLosses()}) do not.
 */
final class Float64Kernels implements KernelProvider {
    private final String device;
    private final boolean float32LossInputs;
    private final LayerPlan.Visitor<LayerKernel> layers = new Layers();

    /** The engine as float64 cells run it: losses read outputs rounded to float32. */
    Float64Kernels(String device) {
        this(device, true);
    }

    private Float64Kernels(String device, boolean float32LossInputs) {
        this.device = device;
        this.float32LossInputs = float32LossInputs;
    }

    /** This engine with losses that read the outputs in full float64, for finite-difference gradient checks. */
    Float64Kernels exactLosses() {
        return new Float64Kernels(device, false);
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public DoubleTensor allocate(Shape shape) {
        return new DoubleTensor(shape);
    }

    /** A parameter of {@code plan}'s shape with its value, gradient and curvature tensors, all zero. */
    Parameter parameter(ParameterPlan plan) {
        return new Parameter(plan, allocate(plan.shape()), allocate(plan.shape()), allocate(plan.shape()));
    }

    @Override
    public LayerKernel layer(LayerPlan layer) {
        return layer.accept(layers);
    }

    /** The one dispatch over layer kinds of the float64 engine. */
    private final class Layers implements LayerPlan.Visitor<LayerKernel> {
        @Override
        public LayerKernel convolution(ConvolutionPlan layer) {
            return new DoubleConvolutionKernel(Float64Kernels.this, layer);
        }

        @Override
        public LayerKernel pooling(PoolingPlan layer) {
            return new DoublePoolingKernel(layer);
        }

        @Override
        public LayerKernel activation(ActivationPlan layer) {
            return new DoubleActivationKernel(layer);
        }

        @Override
        public LayerKernel subsampling(SubsamplingPlan layer) {
            return new SubsamplingKernel(Float64Kernels.this, layer);
        }

        @Override
        public LayerKernel rbf(RbfPlan layer) {
            return new RadialBasisKernel(Float64Kernels.this, layer);
        }

        @Override
        public LayerKernel flatten(FlattenPlan layer) {
            return new FlattenKernel();
        }

        @Override
        public LayerKernel dense(DensePlan layer) {
            return new DoubleDenseKernel(Float64Kernels.this, layer);
        }

        @Override
        public LayerKernel dropout(DropoutPlan layer) {
            return new DoubleDropoutKernel(layer);
        }
    }

    @Override
    public LossKernel loss(LossPlan loss) {
        return LossKernels.of(loss, float32LossInputs);
    }

    @Override
    public ParameterUpdater updater(OptimizerPlan optimizer, List<Parameter> trainable) {
        return optimizer.accept(new OptimizerPlan.Visitor<ParameterUpdater>() {
            @Override
            public ParameterUpdater sgd(OptimizerPlan.Sgd sgd) {
                return DoubleUpdaters.sgd(sgd, trainable);
            }

            @Override
            public ParameterUpdater adam(OptimizerPlan.Adam adam) {
                return DoubleUpdaters.adam(adam, trainable);
            }

            @Override
            public ParameterUpdater sdlm(OptimizerPlan.Sdlm sdlm) {
                return new SdlmUpdater(sdlm, trainable);
            }
        });
    }

    @Override
    public ImageBatches images(float[] images, Shape imageShape) {
        return new CpuImageBatches(images, imageShape);
    }
}
