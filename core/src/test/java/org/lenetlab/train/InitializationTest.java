package org.lenetlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.Initializer;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Shape;

class InitializationTest {
    private static ParameterPlan weight(Initializer initializer) {
        return new ParameterPlan("weight", Shape.of(400, 120), 400, 120, initializer);
    }

    private static ParameterPlan bias(Initializer initializer) {
        return new ParameterPlan("bias", Shape.of(120), 400, 120, initializer);
    }

    @Test
    void sameSeedSameValues() {
        float[] a = Initialization.values(weight(Initializer.PYTORCH_DEFAULT), new SplittableRandom(SeedStream.INITIAL_WEIGHTS.derive(3, 0, 0)));
        float[] b = Initialization.values(weight(Initializer.PYTORCH_DEFAULT), new SplittableRandom(SeedStream.INITIAL_WEIGHTS.derive(3, 0, 0)));
        assertArrayEquals(a, b);
        float[] c = Initialization.values(weight(Initializer.PYTORCH_DEFAULT), new SplittableRandom(SeedStream.INITIAL_WEIGHTS.derive(4, 0, 0)));
        assertTrue(a[0] != c[0]);
    }

    @Test
    void boundsAndMoments() {
        double bound = Math.sqrt(6.0 / 520);
        float[] x = Initialization.values(weight(Initializer.XAVIER_UNIFORM), new SplittableRandom(1));
        double sumSq = 0;
        for (float v : x) {
            assertTrue(Math.abs(v) <= bound);
            sumSq += v * v;
        }
        assertEquals(bound * bound / 3, sumSq / x.length, bound * bound / 3 * 0.05);
        float[] he = Initialization.values(weight(Initializer.HE_NORMAL), new SplittableRandom(1));
        double s2 = 0;
        for (float v : he) {
            s2 += v * v;
        }
        assertEquals(2.0 / 400, s2 / he.length, 2.0 / 400 * 0.05);
        float[] pb = Initialization.values(bias(Initializer.PYTORCH_DEFAULT), new SplittableRandom(1));
        for (float v : pb) {
            assertTrue(Math.abs(v) <= 1 / Math.sqrt(400) && v != 0);
        }
        for (float v : Initialization.values(bias(Initializer.XAVIER_UNIFORM), new SplittableRandom(1))) {
            assertEquals(0f, v);
        }
    }

    @Test
    void shuffleIsAPermutationFixedBySeed() {
        int[] a = new int[1000];
        int[] b = new int[1000];
        Trainer.shuffle(a, new SplittableRandom(5));
        Trainer.shuffle(b, new SplittableRandom(5));
        assertArrayEquals(a, b);
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }
}
