package org.lenetlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.Initializer;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.ParameterValues;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Preprocessing;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.LearningRateStep;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;

/** Initialisation, preprocessing and learning-rate schedules for the original LeNet-5. */
class LeNet5TrainingPiecesTest {
    @Test
    void lecunFanInBoundsFollowEachUnitsFanIn() {
        // three units reading 1, 2 and 4 kernels of 25 taps: fan-ins 25, 50, 100
        ParameterPlan weight = new ParameterPlan("weight", Shape.of(7, 5, 5), 100, 1, true, List.of(25, 50, 50, 100,
                100, 100, 100), null, Initializer.LECUN_FAN_IN);
        ParameterPlan sqrt = new ParameterPlan("weight", Shape.of(7, 5, 5), 100, 1, true, List.of(25, 50, 50, 100,
                100, 100, 100), null, Initializer.LECUN_SQRT_FAN_IN);
        ParameterPlan bias = new ParameterPlan("bias", Shape.of(3), 100, 1, true, List.of(25, 50, 100), null,
                Initializer.LECUN_FAN_IN);
        float[] w = Initialization.values(weight, new SplittableRandom(1));
        float[] s = Initialization.values(sqrt, new SplittableRandom(1));
        double[] largest = new double[7];
        for (int i = 0; i < w.length; i++) {
            int fanIn = weight.fanInOf(i);
            assertTrue(Math.abs(w[i]) <= 2.4 / fanIn);
            assertTrue(Math.abs(s[i]) <= 2.4 / Math.sqrt(fanIn));
            assertEquals(w[i] * fanIn, s[i] * Math.sqrt(fanIn), 1e-5, "the same draw, scaled");
            largest[i / 25] = Math.max(largest[i / 25], Math.abs(w[i]) * fanIn);
        }
        for (double l : largest) {
            assertTrue(l > 1.5, "the bound is used: " + l);
        }
        float[] b = Initialization.values(bias, new SplittableRandom(2));
        for (int i = 0; i < 3; i++) {
            assertTrue(b[i] != 0 && Math.abs(b[i]) <= 2.4 / bias.fanInOf(i), "biases are drawn too");
        }
    }

    @Test
    void initialValuesFromThePlanWinOverTheInitializer() {
        float[] fixed = {1, -1, 1, -1};
        ParameterPlan p = new ParameterPlan("prototypes", Shape.of(2, 2), 2, 2, false, null,
                new ParameterValues(fixed, "test"), Initializer.XAVIER_UNIFORM);
        assertArrayEquals(fixed, Initialization.values(p, new SplittableRandom(3)));
    }

    @Test
    void preprocessingPadsWithTheBackgroundAndMapsInk() {
        float[] images = {0, 1, 0.5f, 0, /* second image */ 1, 1, 1, 1};
        Examples in = new Examples(images, new int[] {3, 4}, 2, Shape.of(1, 2, 2));
        Examples out = Preprocessor.apply(in, new Preprocessing(2, -0.1, 1.175), Normalization.NONE);
        assertEquals(Shape.of(1, 6, 6), out.imageShape());
        assertSame(in.labels(), out.labels());
        float[] v = out.images();
        assertEquals(72, v.length);
        assertEquals(-0.1f, v[0], 1e-7);
        assertEquals(-0.1f, v[2 * 6 + 2], 1e-7, "background");
        assertEquals(1.175f, v[2 * 6 + 3], 1e-6, "ink");
        assertEquals(-0.1f + 0.5f * 1.275f, v[3 * 6 + 2], 1e-6);
        assertEquals(-0.1f, v[35], 1e-7, "last padding pixel of the first image");
        assertEquals(1.175f, v[36 + 2 * 6 + 2], 1e-6);
        // after a normalisation, a background pixel is (0 - mean) / std, and the padding is that mapped
        Examples normalized = new Examples(new float[] {-0.5f, 1.5f, 0, 0}, new int[] {1}, 1, Shape.of(1, 2, 2));
        Examples mapped = Preprocessor.apply(normalized, new Preprocessing(1, 0.0, 2.0), new Normalization(0.25, 0.5));
        assertEquals(-1.0f, mapped.images()[0], 1e-7);
        assertEquals(-1.0f, mapped.images()[5], 1e-7);
        assertEquals(3.0f, mapped.images()[6], 1e-7);
        assertSame(in, Preprocessor.apply(in, Preprocessing.IDENTITY, Normalization.NONE));
    }

    @Test
    void theScheduleGivesEachEpochItsRate() {
        TrainingSettings s = new TrainingSettings(20, 1, OptimizerKind.SDLM, 0.0005, null, null, null, null, 0,
                Normalization.NONE, 1000, null, List.of(new LearningRateStep(1, 0.0005), new LearningRateStep(3, 0.0002),
                new LearningRateStep(6, 0.0001), new LearningRateStep(9, 0.00005), new LearningRateStep(13, 0.00001)),
                0.02, 500, null);
        double[] expected = {0.0005, 0.0005, 0.0002, 0.0002, 0.0002, 0.0001, 0.0001, 0.0001, 0.00005, 0.00005, 0.00005,
            0.00005, 0.00001, 0.00001, 0.00001, 0.00001, 0.00001, 0.00001, 0.00001, 0.00001};
        for (int epoch = 1; epoch <= 20; epoch++) {
            assertEquals(expected[epoch - 1], s.learningRateFor(epoch), "epoch " + epoch);
        }
        assertEquals(new OptimizerPlan.Sdlm(0.0005, 0.02, 0, 500), s.optimizerPlan());
        assertEquals(Precision.FLOAT32, s.precision());
        TrainingSettings plain = new TrainingSettings(2, 64, OptimizerKind.ADAM, 0.001, null, 0.9, 0.999, 1e-8, 0,
                Normalization.NONE, 1000, null);
        assertEquals(0.001, plain.learningRateFor(2));
    }
}
