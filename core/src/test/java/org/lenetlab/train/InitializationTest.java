package org.lenetlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.Initializer;

class InitializationTest {
    private static final ParameterPlan WEIGHT = new ParameterPlan("weight", Shape.of(400, 120), 400, 120, true);
    private static final ParameterPlan BIAS = new ParameterPlan("bias", Shape.of(120), 400, 120, true);

    @Test
    void sameSeedSameValues() {
        float[] a = Initialization.values(WEIGHT, Initializer.PYTORCH_DEFAULT, new SplittableRandom(Seeds.derive(3, 1, 0, 0)));
        float[] b = Initialization.values(WEIGHT, Initializer.PYTORCH_DEFAULT, new SplittableRandom(Seeds.derive(3, 1, 0, 0)));
        assertArrayEquals(a, b);
        float[] c = Initialization.values(WEIGHT, Initializer.PYTORCH_DEFAULT, new SplittableRandom(Seeds.derive(4, 1, 0, 0)));
        assertTrue(a[0] != c[0]);
    }

    @Test
    void boundsAndMoments() {
        double bound = Math.sqrt(6.0 / 520);
        float[] x = Initialization.values(WEIGHT, Initializer.XAVIER_UNIFORM, new SplittableRandom(1));
        double sumSq = 0;
        for (float v : x) {
            assertTrue(Math.abs(v) <= bound);
            sumSq += v * v;
        }
        assertEquals(bound * bound / 3, sumSq / x.length, bound * bound / 3 * 0.05);
        float[] he = Initialization.values(WEIGHT, Initializer.HE_NORMAL, new SplittableRandom(1));
        double s2 = 0;
        for (float v : he) {
            s2 += v * v;
        }
        assertEquals(2.0 / 400, s2 / he.length, 2.0 / 400 * 0.05);
        float[] pb = Initialization.values(BIAS, Initializer.PYTORCH_DEFAULT, new SplittableRandom(1));
        for (float v : pb) {
            assertTrue(Math.abs(v) <= 1 / Math.sqrt(400) && v != 0);
        }
        for (float v : Initialization.values(BIAS, Initializer.XAVIER_UNIFORM, new SplittableRandom(1))) {
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
