package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.MaxPoolingSpec;

/**
 * The float32 kernels agree with the float64 kernels, forward and backward, on the same float-representable inputs:
 * at batch 4 the double-precision Java loops of both, at batch 37 the float32 Java kernels ({@link FloatConvolution},
 * the float32 pooling, activation and dense paths; three chunks, the last one short) against float64 ND4J, with the
 * convolutions' forward product both in Java loops and through OpenBLAS.
 */
class PrecisionAgreementTest {
    private static final double TOLERANCE = 2e-5;

    static Stream<Arguments> layers() {
        return Stream.of(
                first(Fixtures.plan(1, 28, 28, new ConvolutionSpec(null, 6, 5, 1, 2, null, null))),
                first(Fixtures.plan(6, 14, 14, new ConvolutionSpec(null, 16, 5, 1, 0, null, null))),
                first(Fixtures.plan(3, 9, 9, new ConvolutionSpec(null, 4, 3, 2, 1, null, null))),
                first(Fixtures.plan(1, 28, 28, new ConvolutionSpec(null, 6, 5, 1, 0, null, null))),
                first(Fixtures.plan(1, 28, 28, new ConvolutionSpec(null, 6, 3, 1, 1, null, null))),
                first(Fixtures.plan(6, 14, 14, new ConvolutionSpec(null, 16, 3, 1, 1, null, null))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.SCALED_TANH, 1.7159, 2.0 / 3))),
                first(Fixtures.plan(6, 28, 28, new MaxPoolingSpec(null, 2, 2))),
                first(Fixtures.plan(3, 7, 7, new MaxPoolingSpec(null, 3, 2))),
                first(Fixtures.plan(6, 28, 28, new AveragePoolingSpec(null, 2, 2))),
                first(Fixtures.plan(3, 7, 7, new AveragePoolingSpec(null, 3, 2))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.RELU))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.SIGMOID))),
                first(Fixtures.plan(3, 6, 6, new ActivationSpec(null, ActivationFunction.TANH))),
                first(Fixtures.plan(3, 6, 6, new FlattenSpec(null))),
                first(Fixtures.plan(3, 6, 6, new DropoutSpec(null, 0.5))),
                Fixtures.plan(16, 5, 5, new FlattenSpec(null), new DenseSpec(null, 120, null, null)).layers().get(1))
                .flatMap(layer -> Stream.of(4, 37).flatMap(batch -> Stream.of(false, true)
                        .filter(blas -> !blas || batch > 8 && layer.spec() instanceof ConvolutionSpec)
                        .map(blas -> Arguments.of(layer.spec().type() + " " + layer.input() + " -> " + layer.output()
                                + ", batch " + batch + (blas ? ", OpenBLAS forward" : ""), layer, batch, blas))));
    }

    private static final CpuBackend FLOAT_JAVA_FORWARD = Fixtures.FLOAT.withBlasForward(false);
    private static final CpuBackend FLOAT_BLAS_FORWARD = Fixtures.FLOAT.withBlasForward(true);

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void floatMatchesDouble(String name, LayerPlan layer, int batch, boolean blasForward) {
        Random random = new Random(name.hashCode());
        LayerKernel f = (blasForward ? FLOAT_BLAS_FORWARD : FLOAT_JAVA_FORWARD).layer(layer);
        LayerKernel d = Fixtures.DOUBLE.layer(layer);
        for (int i = 0; i < f.parameters().size(); i++) {
            same(random, 0.5, f.parameters().get(i).value(), d.parameters().get(i).value());
        }
        Tensor[] x = pair(layer.input().withBatch(batch));
        Tensor[] y = pair(layer.output().withBatch(batch));
        Tensor[] dy = pair(layer.output().withBatch(batch));
        Tensor[] dx = pair(layer.input().withBatch(batch));
        if (layer.spec() instanceof MaxPoolingSpec || layer.spec() instanceof ActivationSpec) {
            Fixtures.fillDistinct(x[0], random);
            Fixtures.setValues(x[1], Fixtures.values(x[0]));
        } else {
            same(random, 1, x);
        }
        same(random, 1, dy);
        if (batch > Fixtures.FLOAT.javaLoopsUpTo()) {
            // as a gathered batch would be: in the float32 copy, so that the float32 kernels take it
            inFloatCopy(x[0]);
            inFloatCopy(dy[0]);
            for (int i = 0; i < f.parameters().size(); i++) {
                inFloatCopy(f.parameters().get(i).value());
            }
        }
        Pass pass = new Pass(true, 17);
        f.forward(x[0], y[0], pass);
        d.forward(x[1], y[1], pass);
        f.backward(x[0], y[0], dy[0], dx[0]);
        d.backward(x[1], y[1], dy[1], dx[1]);
        close("output", y);
        close("input gradient", dx);
        for (int i = 0; i < f.parameters().size(); i++) {
            close(f.parameters().get(i).plan().name() + " gradient",
                    f.parameters().get(i).gradient(), d.parameters().get(i).gradient());
        }
    }

    private static void inFloatCopy(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.shape().size())];
        tensor.read(values, 0);
        tensor.write(values, 0);
        assertTrue(CpuTensor.of(tensor).onFloats() && !CpuTensor.of(tensor).onHost());
    }

    private static LayerPlan first(ModelPlan plan) {
        return plan.layers().get(0);
    }

    private static Tensor[] pair(org.lenetlab.plan.Shape shape) {
        return new Tensor[] {Fixtures.FLOAT.allocate(shape), Fixtures.DOUBLE.allocate(shape)};
    }

    /** Fills both tensors with the same float-representable uniform values. */
    private static void same(Random random, double scale, Tensor... tensors) {
        Fixtures.fillUniform(tensors[0], random, scale);
        double[] values = Fixtures.values(tensors[0]);
        for (int i = 1; i < tensors.length; i++) {
            Fixtures.setValues(tensors[i], values);
        }
    }

    private static void close(String what, Tensor... tensors) {
        double[] a = Fixtures.values(tensors[0]);
        double[] b = Fixtures.values(tensors[1]);
        double scale = 0;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], TOLERANCE * Math.max(1, scale), what + " at " + i);
        }
    }
}
