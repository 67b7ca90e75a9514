package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.Seeds;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;

/**
 * Dropout masks depend on the pass's seed alone, by the documented formula, and every engine draws the same one;
 * inference is the identity.
 */
class DropoutTest {
    private static final double RATE = 0.3;
    private static final LayerPlan LAYER = Fixtures.plan(8, 10, 10, new DropoutSpec(null, RATE)).layers().get(0);
    private static final List<KernelProvider> ENGINES = List.of(Fixtures.FLOAT32, Fixtures.FLOAT64,
            Fixtures.reference(Precision.FLOAT32), Fixtures.reference(Precision.FLOAT64));

    @Test
    void theMaskIsTheDocumentedFormulaOverTheSeed() {
        // SplittableRandom(seed), one nextDouble() per value in row-major order: dropped below the rate
        SplittableRandom random = new SplittableRandom(1234);
        double[] mask = run(Fixtures.FLOAT64, new Pass(true, 1234), 0);
        int dropped = 0;
        for (int i = 0; i < mask.length; i++) {
            boolean drop = random.nextDouble() < RATE;
            assertEquals(drop ? 0.0 : 1.0 / (1.0 - RATE), mask[i], 0.0, "value " + i);
            dropped += drop ? 1 : 0;
        }
        double fraction = dropped / (double) mask.length;
        assertTrue(Math.abs(fraction - RATE) < 0.03, "dropped fraction " + fraction);
    }

    @Test
    void everyEngineDrawsTheSameMaskFromTheSameSeed() {
        double[] reference = run(Fixtures.FLOAT64, new Pass(true, 1234), 0);
        for (KernelProvider engine : ENGINES) {
            double[] mask = run(engine, new Pass(true, 1234), 0);
            double[] again = run(engine, new Pass(true, 1234), 2); // another kernel, other passes before
            double[] other = run(engine, new Pass(true, 1235), 0);
            assertArrayEquals(mask, again, 0.0, engine.device());
            assertFalse(Arrays.equals(mask, other), engine.device());
            for (int i = 0; i < mask.length; i++) {
                double expected = engine.precision() == Precision.FLOAT32 ? (float) reference[i] : reference[i];
                assertEquals(expected, mask[i], 0.0, engine.device() + " value " + i);
            }
        }
    }

    @Test
    void inferenceIsTheIdentityAndBackwardUsesTheMask() {
        for (KernelProvider engine : ENGINES) {
            LayerKernel kernel = engine.layer(LAYER);
            Tensor x = engine.allocate(LAYER.input().withBatch(3));
            Fixtures.fillUniform(x, new Random(1), 1);
            Tensor y = engine.allocate(x.shape());
            kernel.forward(x, y, Pass.INFERENCE);
            assertArrayEquals(Fixtures.values(x), Fixtures.values(y));
            kernel.forward(x, y, new Pass(false, 77));
            assertArrayEquals(Fixtures.values(x), Fixtures.values(y));
            Tensor dy = engine.allocate(x.shape());
            Fixtures.fillUniform(dy, new Random(2), 1);
            Tensor dx = engine.allocate(x.shape());
            kernel.backward(x, y, dy, dx);
            assertArrayEquals(Fixtures.values(dy), Fixtures.values(dx), "after an inference pass");

            kernel.forward(x, y, new Pass(true, 77));
            kernel.backward(x, y, dy, dx);
            double keep = engine.precision() == Precision.FLOAT32 ? (float) (1 / (1 - RATE)) : 1 / (1 - RATE);
            int dropped = 0;
            for (long i = 0; i < x.shape().size(); i++) {
                boolean kept = y.get(i) != 0;
                dropped += kept ? 0 : 1;
                double factor = kept ? keep : 0;
                assertEquals(x.get(i) * factor, y.get(i), Math.abs(x.get(i)) * 1e-7, engine.device());
                assertEquals(dy.get(i) * factor, dx.get(i), Math.abs(dy.get(i)) * 1e-7, engine.device());
            }
            assertTrue(dropped > 0, engine.device());
        }
    }

    @Test
    void rateZeroIsTheIdentityInTraining() {
        LayerPlan layer = Fixtures.plan(1, 3, 3, new DropoutSpec(null, 0.0)).layers().get(0);
        for (KernelProvider engine : ENGINES) {
            LayerKernel kernel = engine.layer(layer);
            Tensor x = engine.allocate(layer.input().withBatch(2));
            Fixtures.fillUniform(x, new Random(3), 1);
            Tensor y = engine.allocate(x.shape());
            kernel.forward(x, y, new Pass(true, 5));
            assertArrayEquals(Fixtures.values(x), Fixtures.values(y));
        }
    }

    @Test
    void aTrainingStepDrawsLayerIsMaskFromTheStepsSeed() {
        ModelPlan plan = Fixtures.plan(1, 4, 4, new FlattenSpec(null), new DropoutSpec(null, 0.5),
                new DenseSpec(null, 3, null, null));
        long stepSeed = 987_654_321L;
        SplittableRandom random = new SplittableRandom(Seeds.forLayer(stepSeed, 1));
        double[] formula = new double[16 * 5];
        for (int i = 0; i < formula.length; i++) {
            formula[i] = random.nextDouble() < 0.5 ? 0 : 2;
        }
        for (KernelProvider engine : ENGINES) {
            ComposedNetwork network = Fixtures.compose(plan, engine, Fixtures.frozen());
            float[] ones = new float[5 * 16];
            Arrays.fill(ones, 1f);
            ImageData images = network.images(ones, plan.input());
            network.trainStep(images, Fixtures.identity(5), 0, 5, new int[] {0, 1, 2, 0, 1}, 1, stepSeed, new int[5]);
            assertArrayEquals(formula, Fixtures.values(network.activation(1, 5)), 0.0, engine.device());
        }
    }

    /** The output of a fresh dropout kernel on all-ones input; {@code warmUp} earlier passes with other seeds. */
    private static double[] run(KernelProvider engine, Pass pass, int warmUp) {
        LayerKernel kernel = engine.layer(LAYER);
        Tensor x = engine.allocate(LAYER.input().withBatch(16));
        double[] ones = new double[Fixtures.size(x)];
        Arrays.fill(ones, 1.0);
        x.write(ones);
        Tensor y = engine.allocate(x.shape());
        for (int i = 0; i < warmUp; i++) {
            kernel.forward(x, y, new Pass(true, pass.seed() + 1000 + i));
        }
        kernel.forward(x, y, pass);
        return Fixtures.values(y);
    }
}
