package org.lenetlab.backend.nd4j;

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
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The nd4j backend's kernels in one precision, on {@link Nd4jTensor}s: every layer kind through ND4J ops (see the
 * package description for which are libnd4j's own and which are composed from them), with curvature passes.
 */
final class Nd4jKernels implements KernelProvider {
    private final Precision precision;
    private final DataType type;
    private final String device;
    private final LayerPlan.Visitor<LayerKernel> layers = new Layers();

    Nd4jKernels(Precision precision, String device) {
        this.precision = precision;
        this.type = precision == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
        this.device = device;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public Nd4jTensor allocate(Shape shape) {
        return new Nd4jTensor(shape, type);
    }

    /** A parameter of {@code plan}'s shape with its value, gradient and curvature tensors, all zero. */
    Parameter parameter(ParameterPlan plan) {
        return new Parameter(plan, allocate(plan.shape()), allocate(plan.shape()), allocate(plan.shape()));
    }

    @Override
    public LayerKernel layer(LayerPlan layer) {
        return layer.accept(layers);
    }

    /** The one dispatch over layer kinds of the nd4j backend. */
    private final class Layers implements LayerPlan.Visitor<LayerKernel> {
        @Override
        public LayerKernel convolution(ConvolutionPlan layer) {
            return new Nd4jConvolutionKernel(Nd4jKernels.this, layer);
        }

        @Override
        public LayerKernel pooling(PoolingPlan layer) {
            return new Nd4jPoolingKernel(layer);
        }

        @Override
        public LayerKernel activation(ActivationPlan layer) {
            return new Nd4jActivationKernel(layer);
        }

        @Override
        public LayerKernel subsampling(SubsamplingPlan layer) {
            return new Nd4jSubsamplingKernel(Nd4jKernels.this, layer);
        }

        @Override
        public LayerKernel rbf(RbfPlan layer) {
            return new Nd4jRbfKernel(Nd4jKernels.this, layer);
        }

        @Override
        public LayerKernel flatten(FlattenPlan layer) {
            return new FlattenKernel();
        }

        @Override
        public LayerKernel dense(DensePlan layer) {
            return new Nd4jDenseKernel(Nd4jKernels.this, layer);
        }

        @Override
        public LayerKernel dropout(DropoutPlan layer) {
            return new Nd4jDropoutKernel(layer);
        }
    }

    @Override
    public LossKernel loss(LossPlan loss) {
        return Nd4jLosses.of(loss);
    }

    @Override
    public ParameterUpdater updater(OptimizerPlan optimizer, List<Parameter> trainable) {
        return optimizer.accept(new OptimizerPlan.Visitor<ParameterUpdater>() {
            @Override
            public ParameterUpdater sgd(OptimizerPlan.Sgd sgd) {
                return new Nd4jSgdUpdater(sgd, trainable);
            }

            @Override
            public ParameterUpdater adam(OptimizerPlan.Adam adam) {
                return new Nd4jAdamUpdater(adam, trainable);
            }

            @Override
            public ParameterUpdater sdlm(OptimizerPlan.Sdlm sdlm) {
                return new Nd4jSdlmUpdater(sdlm, trainable);
            }
        });
    }

    @Override
    public ImageBatches images(float[] images, Shape imageShape) {
        return new Nd4jImageBatches(images, imageShape);
    }
}
