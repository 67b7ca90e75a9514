package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;

/** Every engine's losses: values, gradients, predictions and evaluation worked out by hand, and their checks. */
class LossTest {
    private static final LossPlan SOFTMAX = new LossPlan.SoftmaxCrossEntropy();

    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of("float32", Fixtures.FLOAT32),
                Arguments.of("float64", Fixtures.FLOAT64),
                Arguments.of("float64, exact", Fixtures.EXACT),
                Arguments.of("ND4J float32", Fixtures.reference(Precision.FLOAT32)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void softmaxMeanLossAndGradient(String name, KernelProvider engine) {
        double tolerance = tolerance(engine);
        LossKernel loss = engine.loss(SOFTMAX);
        Tensor out = tensor(engine, 3, 1, 2, 3, 0, 0, 0, 5, 5, 5);
        Tensor grad = engine.allocate(out.shape());
        grad.write(new double[] {9, 9, 9, 9, 9, 9, 9, 9, 9}); // garbage, to be overwritten
        double value = loss.lossAndGradient(out, new int[] {2, 1, 0}, 2, grad, null);
        double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        double row1 = Math.log(3);
        assertEquals((row0 + row1) / 2, value, tolerance);
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double[] expected = {
            Math.exp(1) / s / 2, Math.exp(2) / s / 2, (Math.exp(3) / s - 1) / 2,
            1.0 / 6, (1.0 / 3 - 1) / 2, 1.0 / 6,
            0, 0, 0};
        assertArrayEquals(expected, Fixtures.values(grad), tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void softmaxIsStableForLargeLogits(String name, KernelProvider engine) {
        LossKernel loss = engine.loss(SOFTMAX);
        Tensor out = tensor(engine, 2, 1000, -1000, 0, 1000, -1000, 0);
        Tensor grad = engine.allocate(out.shape());
        double value = loss.lossAndGradient(out, new int[] {0, 1}, 2, grad, null);
        assertEquals(2000.0 / 2, value, 1e-9);
        for (double g : Fixtures.values(grad)) {
            assertTrue(Double.isFinite(g));
        }
        assertEquals(-0.5, grad.get(4), 1e-12);
        assertEquals(0.5, grad.get(3), 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void softmaxEvaluationSumsAndPredicts(String name, KernelProvider engine) {
        LossKernel loss = engine.loss(SOFTMAX);
        Tensor out = tensor(engine, 3, 0.5, 2, -1, 0, 3, 1, 1, 0, 9, 9, 9, 9);
        int[] predictions = {-1, -1, -1};
        double sum = loss.evaluate(out, new int[] {1, 3, 0}, 2, predictions);
        double row0 = Math.log(Math.exp(0.5) + Math.exp(2) + Math.exp(-1) + 1) - 2;
        double row1 = Math.log(Math.exp(3) + 2 * Math.exp(1) + 1) - 0;
        assertEquals(row0 + row1, sum, engine.precision() == Precision.FLOAT64 ? 1e-12 : 1e-5);
        assertArrayEquals(new int[] {1, 0, -1}, predictions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theTrainingPassAlsoPredicts(String name, KernelProvider engine) {
        LossKernel loss = engine.loss(SOFTMAX);
        Tensor out = tensor(engine, 3, 0, 4, 1, 7, 7, 2, -1, -3, -2);
        Tensor grad = engine.allocate(out.shape());
        int[] predictions = {9, 9, 9};
        double value = loss.lossAndGradient(out, new int[] {1, 0, 2}, 2, grad, predictions);
        assertEquals(loss.lossAndGradient(out, new int[] {1, 0, 2}, 2, grad, null), value, 0);
        assertArrayEquals(new int[] {1, 0, 9}, predictions); // first maximum on ties; rows past count untouched
        assertThrows(IllegalArgumentException.class,
                () -> loss.lossAndGradient(out, new int[] {1, 0, 2}, 2, grad, new int[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rbfLossesWorkedOutByHand(String name, KernelProvider engine) {
        double tolerance = tolerance(engine);
        // two rows of three distances (the second row ties 0.5 and 0.5: the first is predicted), one padding row
        double[] y = {2, 0.5, 3, 0.5, 0.5, 1, 7, 7, 7};
        int[] labels = {1, 2, 0};
        // equation 8: the mean of the label's distance
        check(engine, new LossPlan.RbfDistance(), y, labels, (0.5 + 1) / 2,
                new double[] {0, 0.5, 0, 0, 0, 0.5, 0, 0, 0}, new int[] {1, 0}, tolerance);
        // equation 9 with j = 1: y_label + log(e^-1 + Σ e^-y), gradient ([i = label] − q_i) / count
        double z0 = Math.exp(-1) + Math.exp(-2) + Math.exp(-0.5) + Math.exp(-3);
        double z1 = Math.exp(-1) + 2 * Math.exp(-0.5) + Math.exp(-1);
        check(engine, new LossPlan.RbfMap(1.0), y, labels, (0.5 + Math.log(z0) + 1 + Math.log(z1)) / 2,
                new double[] {-Math.exp(-2) / z0 / 2, (1 - Math.exp(-0.5) / z0) / 2, -Math.exp(-3) / z0 / 2,
                    -Math.exp(-0.5) / z1 / 2, -Math.exp(-0.5) / z1 / 2, (1 - Math.exp(-1) / z1) / 2, 0, 0, 0},
                new int[] {1, 0}, tolerance);
        // the cross-entropy of outputs normalised to sum 1: log Σ y − log y_label; predicts the largest
        check(engine, new LossPlan.RbfCrossEntropy(), y, labels, (Math.log(5.5 / 0.5) + Math.log(2.0 / 1)) / 2,
                new double[] {1 / 5.5 / 2, (1 / 5.5 - 1 / 0.5) / 2, 1 / 5.5 / 2, 1 / 2.0 / 2, 1 / 2.0 / 2,
                    (1 / 2.0 - 1) / 2, 0, 0, 0}, new int[] {2, 2}, tolerance);
    }

    private static void check(KernelProvider engine, LossPlan plan, double[] y, int[] labels, double mean,
                              double[] gradient, int[] predictions, double tolerance) {
        LossKernel loss = engine.loss(plan);
        Tensor out = tensor(engine, 3, y);
        Tensor grad = engine.allocate(out.shape());
        int[] predicted = {-1, -1, -1};
        assertEquals(mean, loss.lossAndGradient(out, labels, 2, grad, predicted), tolerance, plan.type());
        assertArrayEquals(gradient, Fixtures.values(grad), tolerance, plan.type());
        assertArrayEquals(new int[] {predictions[0], predictions[1], -1}, predicted, plan.type());
        int[] evaluated = new int[2];
        assertEquals(2 * mean, loss.evaluate(out, labels, 2, evaluated), 2 * tolerance, plan.type());
        assertArrayEquals(predictions, evaluated, plan.type());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rejectsBadLabelsCountsAndShapes(String name, KernelProvider engine) {
        for (LossPlan plan : new LossPlan[] {SOFTMAX, new LossPlan.RbfDistance(), new LossPlan.RbfMap(1.0),
            new LossPlan.RbfCrossEntropy()}) {
            LossKernel loss = engine.loss(plan);
            Tensor out = engine.allocate(Shape.of(2, 3));
            out.write(new double[] {1, 2, 3, 4, 5, 6});
            Tensor grad = engine.allocate(Shape.of(2, 3));
            assertThrows(IllegalArgumentException.class,
                    () -> loss.lossAndGradient(out, new int[] {3, 0}, 2, grad, null), plan.type() + " label");
            assertThrows(IllegalArgumentException.class,
                    () -> loss.lossAndGradient(out, new int[] {-1, 0}, 2, grad, null), plan.type() + " label");
            assertThrows(IllegalArgumentException.class,
                    () -> loss.lossAndGradient(out, new int[] {0, 0}, 3, grad, null), plan.type() + " count");
            assertThrows(IllegalArgumentException.class,
                    () -> loss.lossAndGradient(out, new int[] {0, 0}, 0, grad, null), plan.type() + " count");
            assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(out, new int[] {0, 0}, 2,
                    engine.allocate(Shape.of(3, 2)), null), plan.type() + " gradient shape");
            assertThrows(IllegalArgumentException.class,
                    () -> loss.evaluate(engine.allocate(Shape.of(2, 3, 1)), new int[] {0, 0}, 2, new int[2]),
                    plan.type() + " outputs that are not rows");
        }
    }

    @Test
    void float32OutputsReachTheLossesExactly() {
        // the float32 engine's losses compute in float64 from its float32 outputs, without rounding them further
        Tensor out = tensor(Fixtures.FLOAT32, 1, 0.1, 0.7, 0.2);
        Tensor exact = tensor(Fixtures.EXACT, 1, (float) 0.1, (float) 0.7, (float) 0.2);
        double expected = Fixtures.EXACT.loss(SOFTMAX).lossAndGradient(exact, new int[] {1}, 1,
                Fixtures.EXACT.allocate(exact.shape()), null);
        assertEquals(expected, Fixtures.FLOAT32.loss(SOFTMAX).lossAndGradient(out, new int[] {1}, 1,
                Fixtures.FLOAT32.allocate(out.shape()), null), 0.0);
    }

    private static Tensor tensor(KernelProvider engine, int rows, double... values) {
        Tensor t = engine.allocate(Shape.of(rows, values.length / rows));
        t.write(values);
        return t;
    }

    private static double tolerance(KernelProvider engine) {
        return engine.precision() == Precision.FLOAT64 ? 1e-12 : 1e-6;
    }
}
