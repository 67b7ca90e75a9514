package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.Seeds;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.DropoutMask;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DropoutPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;

/**
 * GPU only: the dropout mask the device computes ({@code dropout_mask} in elementwise.cu) is the CPU backend's,
 * checked on the real device function's output, bit for bit: against core's {@link DropoutMask} (the one definition
 * of the formula over {@code SplittableRandom}), and against the CPU backend's own dropout layer in a training step
 * of the same network.
 */
class DropoutMaskOnDeviceTest {
    /** More values than one grid of the element-wise launch covers, so the grid-stride loop wraps. */
    private static final int LENGTH = 3_000_000;

    @Test
    void deviceMaskIsSplittableRandomsSequence() {
        CudaKernels kernels = Gpu.backend().kernels();
        Tensor ones = kernels.allocate(Shape.of(1, LENGTH));
        float[] one = new float[LENGTH];
        Arrays.fill(one, 1f);
        ones.write(one, 0);
        Tensor output = kernels.allocate(Shape.of(1, LENGTH));
        Tensor inputGradient = kernels.allocate(Shape.of(1, LENGTH));
        for (double rate : new double[] {0.3, 0.5, 0.9}) {
            LayerKernel dropout = kernels.layer(new DropoutPlan(0, "dropout", Shape.of(LENGTH), rate));
            for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, Seeds.forLayer(99, 3)}) {
                float[] expected = expectedMask(LENGTH, rate, seed);
                dropout.forward(ones, output, new Pass(true, seed));
                assertArrayEquals(expected, Agreement.values(output), "mask of rate " + rate + ", seed " + seed);
                dropout.backward(ones, output, ones, inputGradient);
                assertArrayEquals(expected, Agreement.values(inputGradient),
                        "backward mask of rate " + rate + ", seed " + seed);
            }
        }
    }

    @Test
    void inferenceIsTheIdentity() {
        CudaKernels kernels = Gpu.backend().kernels();
        Tensor input = kernels.allocate(Shape.of(2, 5));
        float[] values = {1, -2, 3, -4, 5, 6, -7, 8, -9, 10};
        input.write(values, 0);
        Tensor output = kernels.allocate(Shape.of(2, 5));
        kernels.layer(new DropoutPlan(0, "dropout", Shape.of(5), 0.5)).forward(input, output, Pass.INFERENCE);
        assertArrayEquals(values, Agreement.values(output));
    }

    @Test
    void trainingStepDropsWhatTheCpuBackendDrops() {
        CudaBackend gpu = Gpu.backend();
        ModelPlan plan = ModelPlanner.plan(new ModelSpec(null, "dropout", null, new InputSpec(2, 6, 6), null,
                List.of(new DropoutSpec(null, 0.5), new FlattenSpec(null), new DenseSpec(null, 10, null, null)),
                null), 10);
        int batch = 4;
        Random random = new Random(5);
        float[] images = Agreement.images(plan, batch, random);
        int[] labels = Agreement.labels(batch, random);
        CompileOptions options = CompileOptions.training(Precision.FLOAT32, new OptimizerPlan.Sgd(0, 0, 0));
        try (Agreement.Pair nets = Agreement.compile(gpu, plan, options, 3)) {
            for (long seed : new long[] {77, 78}) {
                for (ComposedNetwork net : nets.both()) {
                    net.trainStep(Agreement.store(net, images), Agreement.order(batch), 0, batch, labels, 1, seed,
                            new int[batch]);
                }
                float[] cpu = Agreement.values(nets.cpu().activation(0, batch));
                float[] cuda = Agreement.values(nets.gpu().activation(0, batch));
                assertArrayEquals(cpu, cuda, "dropout output of a step with seed " + seed);
                int dropped = 0;
                float[] mask = expectedMask(cpu.length, 0.5, Seeds.forLayer(seed, 0));
                for (int i = 0; i < cpu.length; i++) {
                    assertEquals(images[i] * mask[i], cuda[i], "value " + i);
                    dropped += cuda[i] == 0 ? 1 : 0;
                }
                assertTrue(dropped > 0 && dropped < cpu.length, dropped + " of " + cpu.length + " dropped");
            }
        }
    }

    /** The mask as core's {@link DropoutMask} defines it, in float32. */
    private static float[] expectedMask(int length, double rate, long seed) {
        float[] mask = new float[length];
        DropoutMask.fill(mask, length, rate, seed);
        return mask;
    }
}
