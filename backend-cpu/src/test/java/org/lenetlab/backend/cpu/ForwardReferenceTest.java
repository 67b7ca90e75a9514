package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.MaxPoolingSpec;

/** Forward passes against naive Java loops, in float32 and float64, for the layers that index activations. */
class ForwardReferenceTest {
    static Stream<Arguments> convolutions() {
        return Stream.of(
                // backend, channels, side, filters, kernel, stride, padding
                Arguments.of("float", 1, 28, 6, 5, 1, 2),
                Arguments.of("float", 3, 9, 4, 3, 1, 0),
                Arguments.of("float", 2, 8, 3, 3, 2, 1),
                Arguments.of("float", 2, 8, 3, 3, 2, 0),
                Arguments.of("double", 6, 14, 16, 5, 1, 0),
                Arguments.of("double", 2, 7, 3, 3, 2, 1),
                Arguments.of("double", 2, 6, 2, 2, 3, 2));
    }

    static Stream<Arguments> poolings() {
        return Stream.of(
                // backend, max?, channels, side, size, stride
                Arguments.of("float", true, 6, 28, 2, 2),
                Arguments.of("float", false, 6, 28, 2, 2),
                Arguments.of("float", true, 2, 7, 3, 2),
                Arguments.of("float", false, 2, 7, 3, 2),
                Arguments.of("double", true, 3, 5, 2, 2),
                Arguments.of("double", false, 3, 5, 2, 2),
                Arguments.of("double", false, 2, 9, 3, 3),
                Arguments.of("double", true, 2, 9, 2, 1));
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{2} -> {3} filters k{4} s{5} p{6}")
    @MethodSource("convolutions")
    void convolution(String precision, int channels, int side, int filters, int kernel, int stride, int padding) {
        CpuBackend backend = backend(precision);
        LayerPlan layer = Fixtures.plan(channels, side, side,
                new ConvolutionSpec(null, filters, kernel, stride, padding, null, null)).layers().get(0);
        Random random = new Random(3);
        LayerKernel k = backend.layer(layer);
        Tensor w = k.parameters().get(0).value();
        Tensor b = k.parameters().get(1).value();
        Fixtures.fillUniform(w, random, 0.5);
        Fixtures.fillUniform(b, random, 0.5);
        int n = 3;
        Tensor x = backend.allocate(layer.input().withBatch(n));
        Fixtures.fillUniform(x, random, 1);
        Tensor y = backend.allocate(layer.output().withBatch(n));
        k.forward(x, y, Pass.INFERENCE);

        int out = layer.output().dim(1);
        assertEquals((side + 2 * padding - kernel) / stride + 1, out);
        double tolerance = tolerance(precision) * channels * kernel * kernel;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < filters; o++) {
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < out; j++) {
                        double sum = b.get(o);
                        for (int c = 0; c < channels; c++) {
                            for (int u = 0; u < kernel; u++) {
                                for (int v = 0; v < kernel; v++) {
                                    int r = i * stride - padding + u;
                                    int q = j * stride - padding + v;
                                    if (r >= 0 && r < side && q >= 0 && q < side) {
                                        sum += w.get(((long) (o * channels + c) * kernel + u) * kernel + v)
                                                * x.get(((long) (s * channels + c) * side + r) * side + q);
                                    }
                                }
                            }
                        }
                        long at = ((long) (s * filters + o) * out + i) * out + j;
                        assertEquals(sum, y.get(at), tolerance, "output " + at);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} max={1} {2}x{3}x{3} size {4} stride {5}")
    @MethodSource("poolings")
    void pooling(String precision, boolean max, int channels, int side, int size, int stride) {
        CpuBackend backend = backend(precision);
        ModelPlan plan = Fixtures.plan(channels, side, side,
                max ? new MaxPoolingSpec(null, size, stride) : new AveragePoolingSpec(null, size, stride));
        LayerPlan layer = plan.layers().get(0);
        Random random = new Random(5);
        LayerKernel k = backend.layer(layer);
        int n = 2;
        Tensor x = backend.allocate(layer.input().withBatch(n));
        Fixtures.fillUniform(x, random, 1);
        Tensor y = backend.allocate(layer.output().withBatch(n));
        k.forward(x, y, Pass.INFERENCE);
        int out = (side - size) / stride + 1;
        assertEquals(out, layer.output().dim(1));
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < out; j++) {
                        double best = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                double value = x.get(((long) (s * channels + c) * side + i * stride + u) * side
                                        + j * stride + v);
                                best = Math.max(best, value);
                                sum += value;
                            }
                        }
                        double expected = max ? best : sum / (size * size);
                        long at = ((long) (s * channels + c) * out + i) * out + j;
                        assertEquals(expected, y.get(at), tolerance(precision), "output " + at);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void dense(String precision) {
        CpuBackend backend = backend(precision);
        int inputs = 3 * 4 * 4;
        int units = 7;
        LayerPlan layer = Fixtures.plan(3, 4, 4, new FlattenSpec(null), new DenseSpec(null, units, null, null))
                .layers().get(1);
        Random random = new Random(9);
        LayerKernel k = backend.layer(layer);
        Tensor w = k.parameters().get(0).value();
        Tensor b = k.parameters().get(1).value();
        assertEquals(org.lenetlab.plan.Shape.of(inputs, units), w.shape());
        Fixtures.fillUniform(w, random, 0.5);
        Fixtures.fillUniform(b, random, 0.5);
        int n = 5;
        Tensor x = backend.allocate(layer.input().withBatch(n));
        Fixtures.fillUniform(x, random, 1);
        Tensor y = backend.allocate(layer.output().withBatch(n));
        k.forward(x, y, Pass.INFERENCE);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < units; o++) {
                double sum = b.get(o);
                for (int i = 0; i < inputs; i++) {
                    sum += x.get((long) s * inputs + i) * w.get((long) i * units + o);
                }
                assertEquals(sum, y.get((long) s * units + o), tolerance(precision) * inputs);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void flattenIsChannelMajor(String precision) {
        CpuBackend backend = backend(precision);
        LayerPlan layer = Fixtures.plan(2, 3, 4, new FlattenSpec(null)).layers().get(0);
        assertEquals(org.lenetlab.plan.Shape.of(24), layer.output());
        LayerKernel k = backend.layer(layer);
        Tensor x = backend.allocate(layer.input().withBatch(2));
        for (int i = 0; i < 48; i++) {
            x.set(i, i);
        }
        Tensor y = backend.allocate(layer.output().withBatch(2));
        k.forward(x, y, Pass.INFERENCE);
        // sample s, channel c, row r, column q lands at s*24 + c*12 + r*4 + q: the c-order flat index
        for (int i = 0; i < 48; i++) {
            assertEquals(i, y.get(i));
        }
    }

    static Stream<String> precisions() {
        return Stream.of("float", "double");
    }

    private static CpuBackend backend(String precision) {
        return precision.equals("float") ? Fixtures.FLOAT : Fixtures.DOUBLE;
    }

    private static double tolerance(String precision) {
        return precision.equals("float") ? 2e-6 : 1e-12;
    }
}
