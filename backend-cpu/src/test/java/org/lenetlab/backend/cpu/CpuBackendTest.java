package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.train.Initialization;

/**
 * The backend compiles a whole network on one engine, the one of its declared precision, whatever the batch size:
 * the float32 engine's own kernels where it has them (float64 kernels through {@link Widened} where not), the float64
 * engine's everywhere else.
 */
class CpuBackendTest {
    /** The shipped models' layers, by the kernel class each engine gives them. */
    private static final Map<String, List<String>> FLOAT32_KERNELS = Map.of(
            "lenet5-relu-maxpool-padded", List.of("FloatConvolutionKernel", "FloatActivationKernel",
                    "FloatPoolingKernel", "FloatConvolutionKernel", "FloatActivationKernel", "FloatPoolingKernel",
                    "FlattenKernel", "FloatDenseKernel", "FloatActivationKernel", "FloatDenseKernel",
                    "FloatActivationKernel", "FloatDenseKernel"),
            "lenet5-original", List.of("FloatConvolutionKernel", "FloatActivationKernel", "Widened",
                    "FloatActivationKernel", "Widened", "FloatActivationKernel", "Widened", "FloatActivationKernel",
                    "FloatConvolutionKernel", "FloatActivationKernel", "FlattenKernel", "FloatDenseKernel",
                    "FloatActivationKernel", "Widened"));
    private static final Map<String, List<String>> FLOAT64_KERNELS = Map.of(
            "lenet5-relu-maxpool-padded", List.of("DoubleConvolutionKernel", "DoubleActivationKernel",
                    "DoublePoolingKernel", "DoubleConvolutionKernel", "DoubleActivationKernel", "DoublePoolingKernel",
                    "FlattenKernel", "DoubleDenseKernel", "DoubleActivationKernel", "DoubleDenseKernel",
                    "DoubleActivationKernel", "DoubleDenseKernel"),
            "lenet5-original", List.of("DoubleConvolutionKernel", "DoubleActivationKernel", "SubsamplingKernel",
                    "DoubleActivationKernel", "DoubleConvolutionKernel", "DoubleActivationKernel", "SubsamplingKernel",
                    "DoubleActivationKernel", "DoubleConvolutionKernel", "DoubleActivationKernel", "FlattenKernel",
                    "DoubleDenseKernel", "DoubleActivationKernel", "RadialBasisKernel"));

    @Test
    void eachPrecisionCompilesOnItsOwnEngineAtEveryBatchSize() {
        for (String model : FLOAT32_KERNELS.keySet()) {
            ModelPlan plan = Fixtures.shipped(model);
            for (Precision precision : Precision.values()) {
                try (CompiledNetwork network = Fixtures.CPU.compile(plan, CompileOptions.inference(precision))) {
                    assertEquals(precision, network.precision());
                    ComposedNetwork composed = assertInstanceOf(ComposedNetwork.class, network);
                    List<String> expected = (precision == Precision.FLOAT32 ? FLOAT32_KERNELS : FLOAT64_KERNELS)
                            .get(model);
                    for (int i = 0; i < plan.layers().size(); i++) {
                        LayerKernel kernel = composed.layer(i);
                        assertEquals(expected.get(i), kernel.getClass().getSimpleName(),
                                model + " " + precision + " layer " + plan.layers().get(i).name());
                    }
                    Initialization.initialize(network, 1);
                    ImageData images = network.images(Fixtures.images(40, plan.input(), 2), plan.input());
                    Class<?> tensors = precision == Precision.FLOAT32 ? FloatTensor.class : DoubleTensor.class;
                    for (int n : new int[] {1, 2, 8, 9, 16, 17, 37}) {
                        float[] outputs = new float[n * 10];
                        network.forward(images, Fixtures.identity(40), 0, n, outputs);
                        for (int i = -1; i < plan.layers().size(); i++) {
                            assertInstanceOf(tensors, composed.activation(i, n), model + " " + precision
                                    + " batch " + n + " activation " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFloat64EngineComputesEverySampleAloneAndInFloat64() {
        ModelPlan plan = Fixtures.shipped("lenet5-original");
        try (CompiledNetwork network = Fixtures.CPU.compile(plan, CompileOptions.inference(Precision.FLOAT64))) {
            Initialization.initialize(network, 3);
            ComposedNetwork composed = (ComposedNetwork) network;
            ImageData images = network.images(Fixtures.images(37, plan.input(), 4), plan.input());
            int[] order = Fixtures.identity(37);
            int last = plan.layers().size() - 1;
            network.evaluate(images, order, 0, 37, new int[37], new int[37]);
            double[] all = Fixtures.values(composed.activation(last, 37));
            boolean beyondFloat32 = false;
            for (int s : new int[] {0, 17, 36}) {
                network.evaluate(images, order, s, 1, new int[1], new int[1]);
                double[] one = Fixtures.values(composed.activation(last, 1));
                assertArrayEquals(Arrays.copyOfRange(all, s * 10, s * 10 + 10), one, 0.0, "sample " + s);
                for (double v : one) {
                    beyondFloat32 |= v != (float) v;
                }
            }
            assertTrue(beyondFloat32, "a float64 network's outputs are not float32 values");
        }
    }

    @Test
    void anInferenceNetworkRefusesToTrain() {
        ModelPlan plan = Fixtures.shipped("lenet5-relu-maxpool");
        for (Precision precision : Precision.values()) {
            try (CompiledNetwork network = Fixtures.CPU.compile(plan, CompileOptions.inference(precision))) {
                ImageData images = network.images(Fixtures.images(2, plan.input(), 1), plan.input());
                assertThrows(IllegalStateException.class, () -> network.trainStep(images, new int[] {0, 1}, 0, 2,
                        new int[] {0, 1}, 1, 1, new int[2]));
                assertThrows(IllegalStateException.class, network::resetCurvature);
                assertThrows(IllegalArgumentException.class,
                        () -> network.images(new float[3 * 28 * 28], Shape.of(1, 28, 29)));
            }
        }
    }

    @Test
    void parametersCrossAsDoublesRoundedToTheNetworksPrecision() {
        ModelPlan plan = Fixtures.shipped("lenet5-relu-maxpool");
        for (Precision precision : Precision.values()) {
            try (CompiledNetwork network = Fixtures.CPU.compile(plan, CompileOptions.inference(precision))) {
                int size = Math.toIntExact(plan.parameters().get(1).shape().size());
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = 0.1 * (i + 1);
                }
                network.writeParameter(1, values);
                double[] back = new double[size];
                network.readParameter(1, back);
                for (int i = 0; i < size; i++) {
                    assertEquals(precision == Precision.FLOAT32 ? (float) values[i] : values[i], back[i], 0.0);
                }
                assertThrows(IllegalArgumentException.class, () -> network.writeParameter(1, new double[size + 1]));
            }
        }
    }

    @Test
    void threadCountsArePositive() {
        assertThrows(IllegalArgumentException.class, () -> Fixtures.CPU.useThreads(0));
        assertTrue(Fixtures.CPU.workers().threads() >= 1);
        long budget = Fixtures.CPU.memoryBudgetBytes();
        assertTrue(budget > 0 || budget == -1, "memory budget " + budget);
    }
}
