package org.lenetlab.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfDistanceSpec;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;
import org.opentest4j.AssertionFailedError;

/**
 * The nd4j backend's float64 kernels against central finite differences: every layer kind's input and parameter
 * gradients of E = Σ w·y for random w, and every loss's gradient of the mean loss (and, where the curvature estimate
 * is the exact diagonal of the second derivative, second differences of it). Independent of the cpu backend.
 */
class GradientCheckTest {
    private static final KernelProvider F64 = Fixtures.ND4J.kernels(Precision.FLOAT64);
    private static final double STEP = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private static final Pass PASS = new Pass(true, 11);

    /** A name and the plan of a model whose last layer is checked. */
    record Case(String name, ModelPlan plan) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> layers() {
        List<List<Integer>> table = List.of(List.of(0), List.of(1, 2), List.of(2, 0), List.of(1), List.of(0, 1, 2));
        return Stream.of(
                new Case("convolution, padding 2", Fixtures.plan(2, 6, 6, new ConvolutionSpec(null, 3, 5, 1, 2, null, null))),
                new Case("convolution, stride 2", Fixtures.plan(2, 7, 7, new ConvolutionSpec(null, 3, 3, 2, 1, null, null))),
                new Case("convolution with a connection table", Fixtures.plan(3, 6, 6,
                        new ConvolutionSpec(null, 5, 3, 1, 0, null, null, table))),
                new Case("subsampling 2", Fixtures.plan(3, 6, 6, new SubsamplingSpec(null, 2, null, null))),
                new Case("subsampling 3 stride 2", Fixtures.plan(2, 7, 7, new SubsamplingSpec(null, 3, 2, null))),
                new Case("max pooling", Fixtures.plan(2, 6, 6, new MaxPoolingSpec(null, 2, 2))),
                new Case("average pooling 3 stride 2", Fixtures.plan(2, 7, 7, new AveragePoolingSpec(null, 3, 2))),
                new Case("relu", Fixtures.plan(2, 3, 3, new ActivationSpec(null, ActivationFunction.RELU))),
                new Case("sigmoid", Fixtures.plan(2, 3, 3, new ActivationSpec(null, ActivationFunction.SIGMOID))),
                new Case("tanh", Fixtures.plan(2, 3, 3, new ActivationSpec(null, ActivationFunction.TANH))),
                new Case("scaled tanh", Fixtures.plan(2, 3, 3,
                        new ActivationSpec(null, ActivationFunction.SCALED_TANH, 1.7159, 2.0 / 3))),
                new Case("dense", Fixtures.plan(2, 3, 3, new FlattenSpec(null), new DenseSpec(null, 7, null, null))),
                new Case("dropout", Fixtures.plan(2, 3, 3, new DropoutSpec(null, 0.4))),
                new Case("euclidean RBF", Fixtures.plan(new RbfMapSpec(null), 1, 7, 12, new FlattenSpec(null),
                        new RbfSpec(null, 10, null, null, "lenet5-digits-7x12", false, null))),
                new Case("gaussian RBF", Fixtures.plan(new RbfCrossEntropySpec(), 2, 3, 4, new FlattenSpec(null),
                        new RbfSpec(null, 6, RbfFunction.GAUSSIAN, 1.5, null, true, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void gradientsMatchFiniteDifferences(Case c) {
        LayerPlan layer = c.plan().layers().get(c.plan().layers().size() - 1);
        LayerKernel kernel = F64.layer(layer);
        Random random = new Random(c.name().hashCode());
        for (Parameter p : kernel.parameters()) {
            Fixtures.fillUniform(p.value(), random, 0.5);
        }
        int batch = 3;
        Tensor x = F64.allocate(layer.input().withBatch(batch));
        Fixtures.fillDistinct(x, random);
        Shape out = layer.output().withBatch(batch);
        Tensor y = F64.allocate(out);
        Tensor w = F64.allocate(out);
        Fixtures.fillUniform(w, random, 1);
        Tensor dx = F64.allocate(x.shape());
        kernel.forward(x, y, PASS);
        kernel.backward(x, y, w, dx);
        double[] weights = Fixtures.values(w);
        check(c.name() + " input", x, Fixtures.values(dx), () -> energy(kernel, x, out, weights));
        for (Parameter p : kernel.parameters()) {
            check(c.name() + " " + p.plan().name(), p.value(), Fixtures.values(p.gradient()),
                    () -> energy(kernel, x, out, weights));
        }
    }

    private static double energy(LayerKernel kernel, Tensor x, Shape out, double[] weights) {
        Tensor y = F64.allocate(out);
        kernel.forward(x, y, PASS);
        double[] v = Fixtures.values(y);
        double e = 0;
        for (int i = 0; i < v.length; i++) {
            e += weights[i] * v[i];
        }
        return e;
    }

    /** Central differences of {@code f} in every value of {@code t} against {@code analytic}. */
    private static void check(String what, Tensor t, double[] analytic, java.util.function.DoubleSupplier f) {
        double[] v = Fixtures.values(t);
        double scale = 0;
        for (double a : analytic) {
            scale = Math.max(scale, Math.abs(a));
        }
        assertTrue(scale > 0, what + ": all gradients zero");
        for (int i = 0; i < v.length; i++) {
            double keep = v[i];
            t.set(i, keep + STEP);
            double plus = f.getAsDouble();
            t.set(i, keep - STEP);
            double minus = f.getAsDouble();
            t.set(i, keep);
            double numeric = (plus - minus) / (2 * STEP);
            if (Math.abs(numeric - analytic[i]) > TOLERANCE * Math.max(1, scale)) {
                throw new AssertionFailedError(what + " gradient at " + i + ": " + analytic[i] + ", finite differences "
                        + numeric);
            }
        }
    }

    static Stream<LossSpec> losses() {
        return Stream.of(new RbfMapSpec(null), new RbfDistanceSpec(), new RbfCrossEntropySpec());
    }

    @ParameterizedTest
    @MethodSource("losses")
    void rbfLossGradientsMatchFiniteDifferences(LossSpec spec) {
        RbfSpec output = spec instanceof RbfCrossEntropySpec
                ? new RbfSpec(null, 10, RbfFunction.GAUSSIAN, 3.0, null, true, null)
                : new RbfSpec(null, 10, null, null, "lenet5-digits-7x12", false, null);
        ModelPlan plan = Fixtures.plan(spec, 1, 7, 12, new FlattenSpec(null), output);
        checkLoss(plan, spec instanceof RbfMapSpec);
    }

    @org.junit.jupiter.api.Test
    void softmaxCrossEntropyGradientAndCurvatureMatchDifferences() {
        checkLoss(Fixtures.plan(1, 2, 5, new FlattenSpec(null)), true);
    }

    /** Gradient of the mean loss (and, when {@code exactCurvature}, its diagonal second derivative) by differences. */
    private static void checkLoss(ModelPlan plan, boolean exactCurvature) {
        LossKernel loss = F64.loss(plan.loss());
        int batch = 5;
        int count = 4;
        Shape shape = plan.layers().get(plan.layers().size() - 1).output().withBatch(batch);
        Random random = new Random(5);
        Tensor y = F64.allocate(shape);
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.05 + random.nextDouble(); // positive, as the cross-entropy on RBF outputs needs
        }
        y.write(v);
        int[] labels = {3, 0, 9 % shape.dim(1), 1, 2};
        Tensor g = F64.allocate(shape);
        Tensor h = F64.allocate(shape);
        int[] predictions = new int[batch];
        double mean = loss.lossAndGradient(y, labels, count, g, predictions);
        assertEquals(mean * count, loss.evaluate(y, labels, count, new int[batch]), 1e-12 * Math.abs(mean * count));
        double again = loss.lossGradientAndCurvature(y, labels, count, F64.allocate(shape), h);
        assertEquals(mean, again, 0.0);
        double[] gradient = Fixtures.values(g);
        double[] curvature = Fixtures.values(h);
        int classes = shape.dim(1);
        for (int i = count * classes; i < gradient.length; i++) {
            assertEquals(0.0, gradient[i], "rows from count on: gradient " + i);
            assertEquals(0.0, curvature[i], "rows from count on: curvature " + i);
        }
        for (double c : curvature) {
            assertTrue(c >= 0, "non-negative curvature " + c);
        }
        check(plan.loss() + " output", y, gradient, () -> loss.lossAndGradient(y, labels, count,
                F64.allocate(shape), null));
        if (exactCurvature) {
            double step = 1e-4;
            for (int i = 0; i < count * classes; i++) {
                double keep = y.get(i);
                y.set(i, keep + step);
                double plus = loss.evaluate(y, labels, count, new int[batch]) / count;
                y.set(i, keep - step);
                double minus = loss.evaluate(y, labels, count, new int[batch]) / count;
                y.set(i, keep);
                double numeric = (plus - 2 * mean + minus) / (step * step);
                assertEquals(numeric, curvature[i], 1e-5, plan.loss() + " curvature at " + i);
            }
        }
    }
}
