package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ConnectionTable;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.RbfPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * Forward passes of every engine against the definitions written out as naive loops here, for the layers that index
 * activations: convolutions (strides, padding, connection tables), pooling, dense, flatten, subsampling, RBF units
 * and the activations.
 */
class ForwardReferenceTest {
    /** The engines, by name. */
    private static final List<Arguments> ENGINES = List.of(
            Arguments.of("float32, Java forward", Fixtures.JAVA_FORWARD.engine(Precision.FLOAT32)),
            Arguments.of("float32, OpenBLAS forward", Fixtures.BLAS_FORWARD.engine(Precision.FLOAT32)),
            Arguments.of("float64", Fixtures.FLOAT64),
            Arguments.of("ND4J float32", Fixtures.reference(Precision.FLOAT32)),
            Arguments.of("ND4J float64", Fixtures.reference(Precision.FLOAT64)));

    private static Stream<Arguments> withEngines(Stream<Object[]> cases) {
        List<Object[]> all = cases.toList();
        List<Arguments> out = new ArrayList<>();
        for (Arguments engine : ENGINES) {
            for (Object[] c : all) {
                Object[] args = new Object[c.length + 2];
                args[0] = engine.get()[0];
                args[1] = engine.get()[1];
                System.arraycopy(c, 0, args, 2, c.length);
                out.add(Arguments.of(args));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> convolutions() {
        List<List<Integer>> table = List.of(List.of(0, 1), List.of(1, 2, 3), List.of(3), List.of(0, 1, 2, 3),
                List.of(2, 0));
        return withEngines(Stream.of(
                // channels, side, filters, kernel, stride, padding, table
                new Object[] {1, 28, 6, 5, 1, 2, null},
                new Object[] {3, 9, 4, 3, 1, 0, null},
                new Object[] {2, 8, 3, 3, 2, 1, null},
                new Object[] {2, 8, 3, 3, 2, 0, null},
                new Object[] {6, 14, 16, 5, 1, 0, null},
                new Object[] {16, 5, 120, 5, 1, 0, null},
                new Object[] {2, 6, 2, 2, 3, 2, null},
                new Object[] {6, 14, 16, 5, 1, 0, GradientCheckTest.C3},
                new Object[] {4, 7, 5, 3, 2, 1, table}));
    }

    @ParameterizedTest(name = "{0}: {2}×{3}×{3} → {4} filters k{5} s{6} p{7} table {8}")
    @MethodSource("convolutions")
    void convolution(String engineName, KernelProvider engine, int channels, int side, int filters, int kernel,
                     int stride, int padding, List<List<Integer>> rows) {
        LayerPlan layer = Fixtures.plan(channels, side, side,
                new ConvolutionSpec(null, filters, kernel, stride, padding, null, null, rows)).layers().get(0);
        ConnectionTable table = ((ConvolutionPlan) layer).table();
        Random random = new Random(3);
        LayerKernel k = engine.layer(layer);
        Tensor w = k.parameters().get(0).value();
        Tensor b = k.parameters().get(1).value();
        Fixtures.fillUniform(w, random, 0.5);
        Fixtures.fillUniform(b, random, 0.5);
        int n = 19; // two float32 chunks, the second one short
        Tensor x = engine.allocate(layer.input().withBatch(n));
        Fixtures.fillUniform(x, random, 1);
        Tensor y = engine.allocate(layer.output().withBatch(n));
        k.forward(x, y, Pass.INFERENCE);

        int out = layer.output().dim(1);
        assertEquals((side + 2 * padding - kernel) / stride + 1, out);
        double tolerance = tolerance(engine) * channels * kernel * kernel;
        double[] wv = Fixtures.values(w);
        double[] bv = Fixtures.values(b);
        double[] xv = Fixtures.values(x);
        double[] yv = Fixtures.values(y);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < filters; o++) {
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < out; j++) {
                        double sum = bv[o];
                        for (int t = 0; t < table.inputCount(o); t++) {
                            int c = table.input(o, t);
                            int row = table.row(o, t);
                            for (int u = 0; u < kernel; u++) {
                                for (int v = 0; v < kernel; v++) {
                                    int r = i * stride - padding + u;
                                    int q = j * stride - padding + v;
                                    if (r >= 0 && r < side && q >= 0 && q < side) {
                                        sum += wv[(row * kernel + u) * kernel + v]
                                                * xv[((s * channels + c) * side + r) * side + q];
                                    }
                                }
                            }
                        }
                        int at = ((s * filters + o) * out + i) * out + j;
                        assertEquals(sum, yv[at], tolerance, "output " + at);
                    }
                }
            }
        }
    }

    static Stream<Arguments> poolings() {
        return withEngines(Stream.of(
                // max?, channels, side, size, stride
                new Object[] {true, 6, 28, 2, 2},
                new Object[] {false, 6, 28, 2, 2},
                new Object[] {true, 2, 7, 3, 2},
                new Object[] {false, 2, 7, 3, 2},
                new Object[] {true, 3, 5, 2, 2},
                new Object[] {false, 3, 5, 2, 2},
                new Object[] {false, 2, 9, 3, 3},
                new Object[] {true, 2, 9, 2, 1}));
    }

    @ParameterizedTest(name = "{0}: max={2} {3}×{4}×{4} size {5} stride {6}")
    @MethodSource("poolings")
    void pooling(String engineName, KernelProvider engine, boolean max, int channels, int side, int size,
                 int stride) {
        LayerPlan layer = Fixtures.plan(channels, side, side,
                max ? new MaxPoolingSpec(null, size, stride) : new AveragePoolingSpec(null, size, stride))
                .layers().get(0);
        Random random = new Random(5);
        LayerKernel k = engine.layer(layer);
        int n = 3;
        Tensor x = engine.allocate(layer.input().withBatch(n));
        Fixtures.fillUniform(x, random, 1);
        Tensor y = engine.allocate(layer.output().withBatch(n));
        k.forward(x, y, new Pass(true, 1));
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
                        assertEquals(expected, y.get(at), max ? 0 : tolerance(engine), "output " + at);
                    }
                }
            }
        }
    }

    static Stream<Arguments> subsamplings() {
        return withEngines(Stream.of(new Object[] {6, 28, 2, 2}, new Object[] {3, 8, 3, 2}));
    }

    @ParameterizedTest(name = "{0}: {2}×{3}×{3} size {4} stride {5}")
    @MethodSource("subsamplings")
    void subsampling(String engineName, KernelProvider engine, int channels, int side, int size, int stride) {
        LayerPlan layer = Fixtures.plan(channels, side, side, new SubsamplingSpec(null, size, stride, null))
                .layers().get(0);
        Random random = new Random(6);
        LayerKernel k = engine.layer(layer);
        Tensor a = k.parameters().get(0).value();
        Tensor b = k.parameters().get(1).value();
        Fixtures.fillUniform(a, random, 1);
        Fixtures.fillUniform(b, random, 1);
        int n = 3;
        Tensor x = engine.allocate(layer.input().withBatch(n));
        Fixtures.fillUniform(x, random, 1);
        Tensor y = engine.allocate(layer.output().withBatch(n));
        k.forward(x, y, Pass.INFERENCE);
        int out = (side - size) / stride + 1;
        assertEquals(out, layer.output().dim(1));
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < out; j++) {
                        double sum = 0;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                sum += x.get(((long) (s * channels + c) * side + i * stride + u) * side
                                        + j * stride + v);
                            }
                        }
                        long at = ((long) (s * channels + c) * out + i) * out + j;
                        assertEquals(a.get(c) * sum + b.get(c), y.get(at), tolerance(engine) * size * size,
                                "output " + at);
                    }
                }
            }
        }
    }

    static Stream<Arguments> engines() {
        return ENGINES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void dense(String engineName, KernelProvider engine) {
        int inputs = 3 * 4 * 4;
        int units = 7;
        LayerPlan layer = Fixtures.plan(3, 4, 4, new FlattenSpec(null), new DenseSpec(null, units, null, null))
                .layers().get(1);
        Random random = new Random(9);
        LayerKernel k = engine.layer(layer);
        Tensor w = k.parameters().get(0).value();
        Tensor b = k.parameters().get(1).value();
        assertEquals(Shape.of(inputs, units), w.shape());
        Fixtures.fillUniform(w, random, 0.5);
        Fixtures.fillUniform(b, random, 0.5);
        int n = 5;
        Tensor x = engine.allocate(layer.input().withBatch(n));
        Fixtures.fillUniform(x, random, 1);
        Tensor y = engine.allocate(layer.output().withBatch(n));
        k.forward(x, y, Pass.INFERENCE);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < units; o++) {
                double sum = b.get(o);
                for (int i = 0; i < inputs; i++) {
                    sum += x.get((long) s * inputs + i) * w.get((long) i * units + o);
                }
                assertEquals(sum, y.get((long) s * units + o), tolerance(engine) * inputs);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void flattenIsChannelMajor(String engineName, KernelProvider engine) {
        LayerPlan layer = Fixtures.plan(2, 3, 4, new FlattenSpec(null)).layers().get(0);
        assertEquals(Shape.of(24), layer.output());
        LayerKernel k = engine.layer(layer);
        Tensor x = engine.allocate(layer.input().withBatch(2));
        for (int i = 0; i < 48; i++) {
            x.set(i, i);
        }
        Tensor y = engine.allocate(layer.output().withBatch(2));
        k.forward(x, y, Pass.INFERENCE);
        // sample s, channel c, row r, column q lands at s*24 + c*12 + r*4 + q: the c-order flat index
        for (int i = 0; i < 48; i++) {
            assertEquals(i, y.get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rbfUnits(String engineName, KernelProvider engine) {
        for (RbfFunction function : RbfFunction.values()) {
            RbfPlan layer = (RbfPlan) Fixtures.plan(1, 3, 4, new FlattenSpec(null),
                    new RbfSpec(null, 5, function, function == RbfFunction.GAUSSIAN ? 1.5 : null, null, true, null))
                    .layers().get(1);
            Random random = new Random(10);
            LayerKernel k = engine.layer(layer);
            Tensor c = k.parameters().get(0).value();
            assertEquals(Shape.of(5, 12), c.shape());
            Fixtures.fillUniform(c, random, 1);
            int n = 4;
            Tensor x = engine.allocate(layer.input().withBatch(n));
            Fixtures.fillUniform(x, random, 1);
            Tensor y = engine.allocate(layer.output().withBatch(n));
            k.forward(x, y, Pass.INFERENCE);
            for (int s = 0; s < n; s++) {
                for (int unit = 0; unit < 5; unit++) {
                    double d = 0;
                    for (int j = 0; j < 12; j++) {
                        double diff = x.get(s * 12L + j) - c.get(unit * 12L + j);
                        d += diff * diff;
                    }
                    double expected = function == RbfFunction.EUCLIDEAN ? d : Math.exp(-d / (2 * 1.5 * 1.5));
                    assertEquals(expected, y.get(s * 5L + unit), tolerance(engine) * 12 * Math.max(1, expected),
                            function + " unit " + unit + " of sample " + s);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void activations(String engineName, KernelProvider engine) {
        for (ActivationSpec spec : List.of(new ActivationSpec(null, ActivationFunction.RELU),
                new ActivationSpec(null, ActivationFunction.SIGMOID), new ActivationSpec(null, ActivationFunction.TANH),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH, 2.5, 0.4))) {
            LayerPlan layer = Fixtures.plan(2, 5, 5, spec).layers().get(0);
            LayerKernel k = engine.layer(layer);
            Tensor x = engine.allocate(layer.input().withBatch(3));
            Fixtures.fillUniform(x, new Random(11), 6);
            Tensor y = engine.allocate(x.shape());
            k.forward(x, y, Pass.INFERENCE);
            for (long i = 0; i < x.shape().size(); i++) {
                double v = x.get(i);
                double expected = switch (spec.function()) {
                    case RELU -> Math.max(v, 0);
                    case SIGMOID -> 1 / (1 + Math.exp(-v));
                    case TANH -> Math.tanh(v);
                    case SCALED_TANH -> (spec.amplitude() == null ? 1.7159 : spec.amplitude())
                            * Math.tanh((spec.slope() == null ? 2.0 / 3 : spec.slope()) * v);
                };
                // the float32 sigmoid's exponential is within 1.3e-5 relative error (FloatActivationKernel)
                double tolerance = engine.precision() == Precision.FLOAT64 ? 1e-14
                        : spec.function() == ActivationFunction.SIGMOID ? 1.5e-5
                        : 3e-7 * Math.max(1, Math.abs(expected));
                assertEquals(expected, y.get(i), tolerance, spec.function() + " of " + v);
            }
        }
    }

    private static double tolerance(KernelProvider engine) {
        return engine.precision() == Precision.FLOAT32 ? 2e-6 : 1e-12;
    }
}
