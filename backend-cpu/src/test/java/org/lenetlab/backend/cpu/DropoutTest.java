package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.spec.DropoutSpec;

/** Dropout masks depend on the pass's seed alone; inference is the identity. */
class DropoutTest {
    private static final double RATE = 0.3;

    @Test
    void sameSeedSameMaskDifferentSeedDifferentMask() {
        double[] first = run(Fixtures.FLOAT, new Pass(true, 1234), 0);
        double[] again = run(Fixtures.FLOAT, new Pass(true, 1234), 1); // another kernel, other calls in between
        double[] other = run(Fixtures.FLOAT, new Pass(true, 1235), 0);
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
        // the mask does not depend on the precision either
        assertArrayEquals(first, run(Fixtures.DOUBLE, new Pass(true, 1234), 0), 1e-6);
    }

    @Test
    void invertedScalingAndRate() {
        double[] out = run(Fixtures.DOUBLE, new Pass(true, 99), 0);
        int dropped = 0;
        for (double v : out) {
            if (v == 0) {
                dropped++;
            } else {
                assertEquals(1.0 / (1.0 - RATE), v, 1e-12);
            }
        }
        double fraction = dropped / (double) out.length;
        assertTrue(Math.abs(fraction - RATE) < 0.03, "dropped fraction " + fraction);
    }

    @Test
    void inferenceIsIdentityAndBackwardUsesTheMask() {
        LayerPlan layer = Fixtures.plan(4, 5, 5, new DropoutSpec(null, RATE)).layers().get(0);
        LayerKernel kernel = Fixtures.DOUBLE.layer(layer);
        Tensor x = Fixtures.DOUBLE.allocate(layer.input().withBatch(3));
        Fixtures.fillUniform(x, new java.util.Random(1), 1);
        Tensor y = Fixtures.DOUBLE.allocate(x.shape());
        kernel.forward(x, y, Pass.INFERENCE);
        assertArrayEquals(Fixtures.values(x), Fixtures.values(y));
        kernel.forward(x, y, new Pass(false, 77));
        assertArrayEquals(Fixtures.values(x), Fixtures.values(y));

        kernel.forward(x, y, new Pass(true, 77));
        Tensor dy = Fixtures.DOUBLE.allocate(x.shape());
        Fixtures.fillUniform(dy, new java.util.Random(2), 1);
        Tensor dx = Fixtures.DOUBLE.allocate(x.shape());
        kernel.backward(x, y, dy, dx);
        for (long i = 0; i < x.shape().size(); i++) {
            double scale = y.get(i) / x.get(i);
            assertEquals(dy.get(i) * scale, dx.get(i), 1e-12);
        }
    }

    @Test
    void rateZeroIsIdentityInTraining() {
        LayerPlan layer = Fixtures.plan(1, 3, 3, new DropoutSpec(null, 0.0)).layers().get(0);
        LayerKernel kernel = Fixtures.FLOAT.layer(layer);
        Tensor x = Fixtures.FLOAT.allocate(layer.input().withBatch(2));
        Fixtures.fillUniform(x, new java.util.Random(3), 1);
        Tensor y = Fixtures.FLOAT.allocate(x.shape());
        kernel.forward(x, y, new Pass(true, 5));
        assertArrayEquals(Fixtures.values(x), Fixtures.values(y));
    }

    /** The output of a fresh dropout kernel on all-ones input; {@code warmUp} earlier passes with other seeds. */
    private static double[] run(CpuBackend backend, Pass pass, int warmUp) {
        LayerPlan layer = Fixtures.plan(8, 10, 10, new DropoutSpec(null, RATE)).layers().get(0);
        LayerKernel kernel = backend.layer(layer);
        Tensor x = backend.allocate(layer.input().withBatch(16));
        for (long i = 0; i < x.shape().size(); i++) {
            x.set(i, 1.0);
        }
        Tensor y = backend.allocate(x.shape());
        for (int i = 0; i < warmUp; i++) {
            kernel.forward(x, y, new Pass(true, pass.seed() + 1000 + i));
        }
        kernel.forward(x, y, pass);
        return Fixtures.values(y);
    }
}
