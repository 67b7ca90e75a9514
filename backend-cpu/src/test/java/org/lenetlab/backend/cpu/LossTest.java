package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;

/** Softmax cross-entropy values, stability, gradient and evaluation. */
class LossTest {
    private static final ModelPlan THREE_CLASSES =
            Fixtures.plan(1, 2, 2, new FlattenSpec(null), new DenseSpec(null, 3, null, null));

    @Test
    void meanLossAndGradient() {
        for (CpuBackend backend : new CpuBackend[] {Fixtures.DOUBLE, Fixtures.FLOAT}) {
            double tolerance = backend == Fixtures.DOUBLE ? 1e-12 : 1e-6;
            SoftmaxCrossEntropyKernel loss = (SoftmaxCrossEntropyKernel) backend.loss(THREE_CLASSES);
            Tensor out = tensor(backend, 3, 1, 2, 3, 0, 0, 0, 5, 5, 5);
            Tensor grad = backend.allocate(out.shape());
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
    }

    @Test
    void stableForLargeLogits() {
        SoftmaxCrossEntropyKernel loss = (SoftmaxCrossEntropyKernel) Fixtures.FLOAT.loss(THREE_CLASSES);
        Tensor out = tensor(Fixtures.FLOAT, 2, 1000, -1000, 0, 1000, -1000, 0);
        Tensor grad = Fixtures.FLOAT.allocate(out.shape());
        double value = loss.lossAndGradient(out, new int[] {0, 1}, 2, grad, null);
        assertEquals(2000.0 / 2, value, 1e-9);
        for (double g : Fixtures.values(grad)) {
            assertTrue(Double.isFinite(g));
        }
        assertEquals(-0.5, grad.get(4), 1e-12);
        assertEquals(0.5, grad.get(3), 1e-12);
    }

    @Test
    void evaluateSumsAndPredicts() {
        for (CpuBackend backend : new CpuBackend[] {Fixtures.DOUBLE, Fixtures.FLOAT}) {
            ModelPlan four = Fixtures.plan(1, 1, 1, new FlattenSpec(null), new DenseSpec(null, 4, null, null));
            SoftmaxCrossEntropyKernel loss = (SoftmaxCrossEntropyKernel) backend.loss(four);
            Tensor out = tensor(backend, 3, 0.5, 2, -1, 0, 3, 1, 1, 0, 9, 9, 9, 9);
            int[] predictions = {-1, -1, -1};
            double sum = loss.evaluate(out, new int[] {1, 3, 0}, 2, predictions);
            double row0 = Math.log(Math.exp(0.5) + Math.exp(2) + Math.exp(-1) + 1) - 2;
            double row1 = Math.log(Math.exp(3) + 2 * Math.exp(1) + 1) - 0;
            assertEquals(row0 + row1, sum, backend == Fixtures.DOUBLE ? 1e-12 : 1e-5);
            assertArrayEquals(new int[] {1, 0, -1}, predictions);
        }
    }

    @Test
    void trainingPassAlsoPredicts() {
        SoftmaxCrossEntropyKernel loss = (SoftmaxCrossEntropyKernel) Fixtures.FLOAT.loss(THREE_CLASSES);
        Tensor out = tensor(Fixtures.FLOAT, 3, 0, 4, 1, 7, 7, 2, -1, -3, -2);
        Tensor grad = Fixtures.FLOAT.allocate(out.shape());
        int[] predictions = {9, 9, 9};
        double value = loss.lossAndGradient(out, new int[] {1, 0, 2}, 2, grad, predictions);
        assertEquals(loss.lossAndGradient(out, new int[] {1, 0, 2}, 2, grad, null), value, 0);
        assertArrayEquals(new int[] {1, 0, 9}, predictions); // first maximum on ties; rows past count untouched
        assertThrows(IllegalArgumentException.class,
                () -> loss.lossAndGradient(out, new int[] {1, 0, 2}, 2, grad, new int[1]));
    }

    @Test
    void rejectsBadLabelsAndCounts() {
        SoftmaxCrossEntropyKernel loss = (SoftmaxCrossEntropyKernel) Fixtures.DOUBLE.loss(THREE_CLASSES);
        Tensor out = Fixtures.DOUBLE.allocate(Shape.of(2, 3));
        Tensor grad = Fixtures.DOUBLE.allocate(Shape.of(2, 3));
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(out, new int[] {3, 0}, 2, grad, null));
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(out, new int[] {0, 0}, 3, grad, null));
        assertThrows(IllegalArgumentException.class,
                () -> loss.lossAndGradient(out, new int[] {0, 0}, 2, Fixtures.DOUBLE.allocate(Shape.of(3, 2)), null));
    }

    private static Tensor tensor(CpuBackend backend, int rows, double... values) {
        Tensor t = backend.allocate(Shape.of(rows, values.length / rows));
        Fixtures.setValues(t, values);
        return t;
    }
}
