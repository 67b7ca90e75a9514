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
 * The CPU backend's float32 engine, the one cells train in unless they declare float64: float32 Java kernels written
 * for LeNet's shapes, on the backend's {@link Workers}, with OpenBLAS {@code sgemm} for the products, on
 * {@link FloatTensor}s. Work is cut into units that do not depend on the thread count, so results are the same at
 * any thread count. Layers without a float32 kernel (trainable subsampling, RBF units, convolutions with a stride or
 * a connection table) and every curvature pass run the {@link Float64Kernels float64 engine}'s kernels through
 * {@link Widened}, rounding their results to float32.
 */
final class Float32Kernels implements KernelProvider {
    private final CpuBackend backend;
    private final Float64Kernels wide;
    private final String device;
    private final LayerPlan.Visitor<LayerKernel> layers = new Layers();

    Float32Kernels(CpuBackend backend, Float64Kernels wide, String device) {
        this.backend = backend;
        this.wide = wide;
        this.device = device;
    }

    /** The threads the kernels run on (the backend's current pool). */
    Workers workers() {
        return backend.workers();
    }

    /** Whether every convolution's forward product runs through OpenBLAS (see {@link FloatConvolution}). */
    boolean blasForward() {
        return backend.blasForward();
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT32;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public FloatTensor allocate(Shape shape) {
        return new FloatTensor(shape);
    }

    /** A parameter of {@code plan}'s shape with its value, gradient and curvature tensors, all zero. */
    Parameter parameter(ParameterPlan plan) {
        return new Parameter(plan, allocate(plan.shape()), allocate(plan.shape()), allocate(plan.shape()));
    }

    /** The float64 kernel of {@code layer} serving {@code parameters} of this engine. */
    Widened widened(LayerPlan layer, List<Parameter> parameters) {
        return new Widened(layer, wide.layer(layer), parameters);
    }

    private LayerKernel widened(LayerPlan layer) {
        return widened(layer, layer.parameters().stream().map(this::parameter).toList());
    }

    @Override
    public LayerKernel layer(LayerPlan layer) {
        return layer.accept(layers);
    }

    /** The one dispatch over layer kinds of the float32 engine. */
    private final class Layers implements LayerPlan.Visitor<LayerKernel> {
        @Override
        public LayerKernel convolution(ConvolutionPlan layer) {
            return FloatConvolution.supports(layer) ? new FloatConvolutionKernel(Float32Kernels.this, layer)
                    : widened(layer);
        }

        @Override
        public LayerKernel pooling(PoolingPlan layer) {
            return new FloatPoolingKernel(Float32Kernels.this, layer);
        }

        @Override
        public LayerKernel activation(ActivationPlan layer) {
            return new FloatActivationKernel(Float32Kernels.this, layer);
        }

        @Override
        public LayerKernel subsampling(SubsamplingPlan layer) {
            return widened(layer);
        }

        @Override
        public LayerKernel rbf(RbfPlan layer) {
            return widened(layer);
        }

        @Override
        public LayerKernel flatten(FlattenPlan layer) {
            return new FlattenKernel();
        }

        @Override
        public LayerKernel dense(DensePlan layer) {
            return new FloatDenseKernel(Float32Kernels.this, layer);
        }

        @Override
        public LayerKernel dropout(DropoutPlan layer) {
            return new FloatDropoutKernel(Float32Kernels.this, layer);
        }
    }

    @Override
    public LossKernel loss(LossPlan loss) {
        return LossKernels.of(loss, false);
    }

    @Override
    public ParameterUpdater updater(OptimizerPlan optimizer, List<Parameter> trainable) {
        return optimizer.accept(new OptimizerPlan.Visitor<ParameterUpdater>() {
            @Override
            public ParameterUpdater sgd(OptimizerPlan.Sgd sgd) {
                return FloatUpdaters.sgd(sgd, trainable);
            }

            @Override
            public ParameterUpdater adam(OptimizerPlan.Adam adam) {
                return FloatUpdaters.adam(adam, trainable);
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
