package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ActivationPlan;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.PoolingKind;
import org.lenetlab.plan.PoolingPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;
import org.opentest4j.AssertionFailedError;

/**
 * The float32 engine agrees with the float64 engine layer by layer, on the same float-representable inputs and
 * parameters, at batch 37 (three chunks of the float32 convolution, the last one short): the outputs of a training
 * forward pass, the input and parameter gradients of the backward pass and the input and parameter curvatures of the
 * curvature pass, within float32's precision. That covers every float32 kernel (the convolutions with their forward
 * product both in Java loops and through OpenBLAS), the layers the float32 engine runs in float64 through
 * {@link Widened}, and every curvature pass (all widened). Planted errors of a size float32 rounding never makes fail
 * the same comparison.
 */
class PrecisionAgreementTest {
    private static final int BATCH = 37;
    /**
     * Largest allowed |float32 − float64|, relative to the largest |float64| value of the tensor: a few float32
     * roundings of the largest value (the worst seen is under 1e-6).
     */
    private static final double TOLERANCE = 2e-6;
    /**
     * The same for the sigmoid, whose float32 exponential is within 1.3e-5 relative error of the float64 one (see
     * {@code FloatActivationKernel}); the worst seen is 4.3e-6.
     */
    private static final double SIGMOID_TOLERANCE = 2e-5;

    private static final KernelProvider JAVA_FORWARD = Fixtures.JAVA_FORWARD.engine(Precision.FLOAT32);
    private static final KernelProvider BLAS_FORWARD = Fixtures.BLAS_FORWARD.engine(Precision.FLOAT32);

    static Stream<Arguments> layers() {
        List<LayerPlan> layers = List.of(
                first(Fixtures.plan(1, 28, 28, new ConvolutionSpec(null, 6, 5, 1, 2, null, null))),
                first(Fixtures.plan(6, 14, 14, new ConvolutionSpec(null, 16, 5, 1, 0, null, null))),
                first(Fixtures.plan(1, 28, 28, new ConvolutionSpec(null, 6, 5, 1, 0, null, null))),
                first(Fixtures.plan(1, 28, 28, new ConvolutionSpec(null, 6, 3, 1, 1, null, null))),
                first(Fixtures.plan(6, 14, 14, new ConvolutionSpec(null, 16, 3, 1, 1, null, null))),
                first(Fixtures.plan(16, 5, 5, new ConvolutionSpec(null, 120, 5, 1, 0, null, null))),
                first(Fixtures.plan(3, 9, 9, new ConvolutionSpec(null, 4, 3, 2, 1, null, null))),
                first(Fixtures.plan(6, 14, 14, GradientCheckTest.table(16, 5, 1, 0, GradientCheckTest.C3))),
                first(Fixtures.plan(6, 28, 28, new MaxPoolingSpec(null, 2, 2))),
                first(Fixtures.plan(3, 7, 7, new MaxPoolingSpec(null, 3, 2))),
                first(Fixtures.plan(3, 5, 5, new MaxPoolingSpec(null, 2, 2))),
                first(Fixtures.plan(6, 28, 28, new AveragePoolingSpec(null, 2, 2))),
                first(Fixtures.plan(3, 7, 7, new AveragePoolingSpec(null, 3, 2))),
                first(Fixtures.plan(3, 5, 5, new AveragePoolingSpec(null, 2, 2))),
                first(Fixtures.plan(6, 28, 28, new SubsamplingSpec(null, 2, null, null))),
                first(Fixtures.plan(3, 7, 7, new SubsamplingSpec(null, 3, 2, null))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.RELU))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.SIGMOID))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.TANH))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.SCALED_TANH))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.SCALED_TANH, 2.5, 0.4))),
                first(Fixtures.plan(3, 6, 6, new FlattenSpec(null))),
                first(Fixtures.plan(3, 6, 6, new DropoutSpec(null, 0.5))),
                Fixtures.plan(16, 5, 5, new FlattenSpec(null), new DenseSpec(null, 120, null, null)).layers().get(1),
                Fixtures.plan(1, 1, 84, new FlattenSpec(null), new DenseSpec(null, 10, null, null)).layers().get(1),
                Fixtures.plan(1, 7, 12, new FlattenSpec(null),
                        new RbfSpec(null, 10, null, null, "lenet5-digits-7x12", false, null)).layers().get(1),
                Fixtures.plan(1, 7, 12, new FlattenSpec(null),
                        new RbfSpec(null, 10, RbfFunction.GAUSSIAN, 4.0, null, true, null)).layers().get(1));
        return layers.stream().flatMap(layer -> Stream.of(false, true)
                .filter(blas -> !blas || layer instanceof ConvolutionPlan c && FloatConvolution.supports(c))
                .map(blas -> Arguments.of(describe(layer) + (blas ? ", OpenBLAS forward" : ""), layer, blas)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void float32AgreesWithFloat64(String name, LayerPlan layer, boolean blasForward) {
        LayerKernel f = (blasForward ? BLAS_FORWARD : JAVA_FORWARD).layer(layer);
        assertEquals(nativeFloat32(layer), !(f instanceof Widened), name + ": " + f.getClass().getSimpleName());
        agree(name, layer, f, Fixtures.FLOAT64.layer(layer));
    }

    /** The layers the float32 engine has its own kernels for; the others it widens to float64. */
    private static boolean nativeFloat32(LayerPlan layer) {
        return layer.accept(new LayerPlan.Visitor<>() {
            @Override
            public Boolean convolution(ConvolutionPlan l) {
                return l.stride() == 1 && l.table().isFull();
            }

            @Override
            public Boolean pooling(PoolingPlan l) {
                return true;
            }

            @Override
            public Boolean activation(ActivationPlan l) {
                return true;
            }

            @Override
            public Boolean subsampling(org.lenetlab.plan.SubsamplingPlan l) {
                return false;
            }

            @Override
            public Boolean rbf(org.lenetlab.plan.RbfPlan l) {
                return false;
            }

            @Override
            public Boolean flatten(org.lenetlab.plan.FlattenPlan l) {
                return true;
            }

            @Override
            public Boolean dense(org.lenetlab.plan.DensePlan l) {
                return true;
            }

            @Override
            public Boolean dropout(org.lenetlab.plan.DropoutPlan l) {
                return true;
            }
        });
    }

    static Stream<Arguments> plantedErrors() {
        LayerPlan conv = first(Fixtures.plan(1, 28, 28, new ConvolutionSpec(null, 6, 5, 1, 2, null, null)));
        LayerPlan pool = first(Fixtures.plan(6, 28, 28, new MaxPoolingSpec(null, 2, 2)));
        LayerPlan dense = Fixtures.plan(16, 5, 5, new FlattenSpec(null), new DenseSpec(null, 120, null, null))
                .layers().get(1);
        LayerPlan subsampling = first(Fixtures.plan(6, 28, 28, new SubsamplingSpec(null, 2, null, null)));
        return Stream.of(
                Arguments.of("one output off by 1e-5 of the largest", conv, (UnaryOperator<LayerKernel>)
                        k -> new Planted(k, Planted.Where.OUTPUT, 1e-5)),
                Arguments.of("the last sample's last output zero", pool, (UnaryOperator<LayerKernel>)
                        k -> new Planted(k, Planted.Where.LAST_OUTPUT_ZERO, 0)),
                Arguments.of("one input gradient off by 1e-5 of the largest", conv, (UnaryOperator<LayerKernel>)
                        k -> new Planted(k, Planted.Where.INPUT_GRADIENT, 1e-5)),
                Arguments.of("one weight gradient off by 1e-5 of the largest", dense, (UnaryOperator<LayerKernel>)
                        k -> new Planted(k, Planted.Where.PARAMETER_GRADIENT, 1e-5)),
                Arguments.of("one coefficient curvature off by 1e-5 of the largest", subsampling,
                        (UnaryOperator<LayerKernel>) k -> new Planted(k, Planted.Where.PARAMETER_CURVATURE, 1e-5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedErrors")
    void aPlantedErrorFailsTheAgreement(String name, LayerPlan layer, UnaryOperator<LayerKernel> plant) {
        // the same layer agrees without the planted error
        agree(name, layer, JAVA_FORWARD.layer(layer), Fixtures.FLOAT64.layer(layer));
        assertThrows(AssertionFailedError.class,
                () -> agree(name, layer, plant.apply(JAVA_FORWARD.layer(layer)), Fixtures.FLOAT64.layer(layer)));
    }

    /**
     * Runs a training forward pass, a backward pass and a curvature pass of {@code f} (float32) and {@code d}
     * (float64) from the same values and asserts that every result agrees.
     */
    static void agree(String name, LayerPlan layer, LayerKernel f, LayerKernel d) {
        double tolerance = layer instanceof ActivationPlan a && a.function() == ActivationFunction.SIGMOID
                ? SIGMOID_TOLERANCE : TOLERANCE;
        Random random = new Random(name.hashCode());
        assertEquals(d.parameters().size(), f.parameters().size());
        for (int i = 0; i < f.parameters().size(); i++) {
            Parameter pf = f.parameters().get(i);
            if (pf.plan().initialValues() != null) {
                pf.value().write(pf.plan().initialValues().values(), 0);
            } else {
                Fixtures.fillUniform(pf.value(), random, 0.5);
            }
            d.parameters().get(i).value().write(Fixtures.values(pf.value()));
        }
        Shape in = layer.input().withBatch(BATCH);
        Shape out = layer.output().withBatch(BATCH);
        Tensor[] x = pair(in);
        if (layer instanceof PoolingPlan p && p.kind() == PoolingKind.MAX || layer instanceof ActivationPlan) {
            Fixtures.fillDistinct(x[0], random);
        } else {
            Fixtures.fillUniform(x[0], random, 1);
        }
        x[1].write(Fixtures.values(x[0]));
        Tensor[] y = pair(out);
        Tensor[] dy = same(random, out, false);
        Tensor[] dx = pair(in);
        Tensor[] hy = same(random, out, true);
        Tensor[] hx = pair(in);
        Pass pass = new Pass(true, 17);
        f.forward(x[0], y[0], pass);
        d.forward(x[1], y[1], pass);
        close(name, "output", tolerance, y);
        f.backward(x[0], y[0], dy[0], dx[0]);
        d.backward(x[1], y[1], dy[1], dx[1]);
        close(name, "input gradient", tolerance, dx);
        for (int i = 0; i < f.parameters().size(); i++) {
            close(name, f.parameters().get(i).plan().name() + " gradient", tolerance,
                    f.parameters().get(i).gradient(), d.parameters().get(i).gradient());
        }
        f.backwardCurvature(x[0], y[0], dy[0], hy[0], hx[0]);
        d.backwardCurvature(x[1], y[1], dy[1], hy[1], hx[1]);
        close(name, "input curvature", tolerance, hx);
        for (int i = 0; i < f.parameters().size(); i++) {
            close(name, f.parameters().get(i).plan().name() + " curvature", tolerance,
                    f.parameters().get(i).curvature(),
                    d.parameters().get(i).curvature());
        }
    }

    private static LayerPlan first(ModelPlan plan) {
        return plan.layers().get(0);
    }

    private static String describe(LayerPlan layer) {
        String what = layer instanceof ConvolutionPlan c
                ? "convolution k" + c.kernelSize() + " s" + c.stride() + " p" + c.padding()
                        + (c.table().isFull() ? "" : " with a table")
                : layer instanceof ActivationPlan a ? a.function().jsonName()
                        + (a.function() == ActivationFunction.SCALED_TANH ? " " + a.amplitude() + "·tanh(" + a.slope()
                        + "x)" : "") : layer.type();
        return what + " " + layer.input() + " → " + layer.output() + ", batch " + BATCH;
    }

    /** A float32 and a float64 tensor of {@code shape}. */
    private static Tensor[] pair(Shape shape) {
        return new Tensor[] {JAVA_FORWARD.allocate(shape), Fixtures.FLOAT64.allocate(shape)};
    }

    /** A pair with the same float-representable values, uniform in [-1, 1) or, {@code positive}, in [0, 1). */
    private static Tensor[] same(Random random, Shape shape, boolean positive) {
        Tensor[] pair = pair(shape);
        Fixtures.fillUniform(pair[0], random, 1);
        double[] values = Fixtures.values(pair[0]);
        if (positive) {
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.abs(values[i]);
            }
            pair[0].write(values);
        }
        pair[1].write(values);
        return pair;
    }

    private static void close(String name, String what, double tolerance, Tensor... tensors) {
        assertInstanceOf(FloatTensor.class, tensors[0], what);
        assertInstanceOf(DoubleTensor.class, tensors[1], what);
        double[] a = Fixtures.values(tensors[0]);
        double[] b = Fixtures.values(tensors[1]);
        double scale = 0;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, name + ": " + what + " is all zero, nothing to compare");
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= tolerance * scale)) {
                Shape shape = tensors[1].shape();
                String sample = shape.rank() > 1 && shape.dim(0) == BATCH
                        ? " (sample " + i / (a.length / BATCH) + ")" : "";
                throw new AssertionFailedError(name + ": " + what + " at " + i + sample + ": float32 " + a[i]
                        + ", float64 " + b[i] + ", largest |value| " + scale, b[i], a[i]);
            }
        }
    }

    /** A float32 kernel with an error planted in one of its results. */
    private static final class Planted implements LayerKernel {
        enum Where { OUTPUT, LAST_OUTPUT_ZERO, INPUT_GRADIENT, PARAMETER_GRADIENT, PARAMETER_CURVATURE }

        private final LayerKernel kernel;
        private final Where where;
        private final double relative;

        Planted(LayerKernel kernel, Where where, double relative) {
            this.kernel = kernel;
            this.where = where;
            this.relative = relative;
        }

        @Override
        public List<Parameter> parameters() {
            return kernel.parameters();
        }

        @Override
        public void forward(Tensor input, Tensor output, Pass pass) {
            kernel.forward(input, output, pass);
            if (where == Where.OUTPUT) {
                nudge(output);
            } else if (where == Where.LAST_OUTPUT_ZERO) {
                output.set(output.shape().size() - 1, 0);
            }
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
            kernel.backward(input, output, outputGradient, inputGradient);
            if (where == Where.INPUT_GRADIENT) {
                nudge(inputGradient);
            } else if (where == Where.PARAMETER_GRADIENT) {
                nudge(kernel.parameters().get(0).gradient());
            }
        }

        @Override
        public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                      Tensor inputCurvature) {
            kernel.backwardCurvature(input, output, outputGradient, outputCurvature, inputCurvature);
            if (where == Where.PARAMETER_CURVATURE) {
                nudge(kernel.parameters().get(0).curvature());
            }
        }

        /** Adds {@code relative} × the largest |value| to a value in the middle of {@code tensor}. */
        private void nudge(Tensor tensor) {
            double scale = 0;
            for (double v : Fixtures.values(tensor)) {
                scale = Math.max(scale, Math.abs(v));
            }
            long at = tensor.shape().size() / 2;
            tensor.set(at, tensor.get(at) + relative * scale);
        }
    }
}
