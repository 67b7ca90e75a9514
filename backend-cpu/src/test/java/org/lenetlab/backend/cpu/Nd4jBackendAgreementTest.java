package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.train.Initialization;
import org.opentest4j.AssertionFailedError;

/**
 * The cpu backend against the nd4j backend, each compiled through its own {@code compile} as a run does, on every
 * shipped model, as the cuda backend's agreement tests compare it with the cpu backend: the same seed gives both the
 * same initial weights; in float32 every layer's output agrees within float32 tolerance (largest difference below
 * 1e-4 of the largest value), and so do the loss, predictions, gradients and SDLM curvatures (1e-3), the parameters
 * after a few steps of each update rule (1e-4) and the optimizer state (1e-3), which restores from one backend into
 * the other. In float64 the same holds to a tenth of those (see {@link #tolerance}).
 */
class Nd4jBackendAgreementTest {
    private static final int BATCH = 32;
    private static final long SEED = 7;

    static Stream<String> models() {
        return Fixtures.SHIPPED_MODELS.stream();
    }

    /** Both backends' networks of {@code plan}, initialised from {@code seed}: cpu first. */
    private static List<ComposedNetwork> compile(ModelPlan plan, CompileOptions options, long seed) {
        CompiledNetwork cpu = Fixtures.CPU.compile(plan, options);
        CompiledNetwork nd4j = Fixtures.ND4J.compile(plan, options);
        Initialization.initialize(cpu, seed);
        Initialization.initialize(nd4j, seed);
        assertTrue(nd4j.device().contains("ND4J ops"), nd4j.device());
        return List.of((ComposedNetwork) cpu, (ComposedNetwork) nd4j);
    }

    private static void close(List<ComposedNetwork> nets) {
        nets.forEach(ComposedNetwork::close);
    }

    private static float[] images(ModelPlan plan, int count, Random random) {
        float[] v = new float[count * Math.toIntExact(plan.input().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static int[] labels(Random random) {
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(10);
        }
        return labels;
    }

    private static ImageData store(CompiledNetwork net, float[] images) {
        return net.images(images, net.plan().input());
    }

    private static double[] values(Tensor t) {
        double[] v = new double[Math.toIntExact(t.shape().size())];
        t.read(v);
        return v;
    }

    private static double[] parameter(CompiledNetwork net, int index) {
        double[] v = new double[Math.toIntExact(net.plan().parameters().get(index).shape().size())];
        net.readParameter(index, v);
        return v;
    }

    /** max |actual − expected| / max |expected| must stay below {@code tolerance}. */
    private static void assertAgree(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + " length");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        double error = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : scale == 0 ? diff : diff / scale;
        if (!(error <= tolerance)) {
            throw new AssertionFailedError(what + ": relative error " + error + " above " + tolerance);
        }
    }

    /**
     * {@code float32} for float32 networks, a tenth of it for float64 ones. Whole float64 networks agree no better:
     * the cpu backend's float64 losses read the outputs rounded to float32 (see {@code Float64Kernels}), the nd4j
     * backend's read them whole, so gradients differ at float32 rounding of the outputs (largest seen 7.4e-8, the
     * Gaussian RBF model's first weight gradient), and Adam's step m/(√v + ε) turns that into up to 1.1e-6 in the
     * parameters where a gradient is near ε. Single float64 layers agree to 1e-13 ({@link ReferenceAgreementTest}).
     */
    private static double tolerance(Precision precision, double float32) {
        return precision == Precision.FLOAT64 ? float32 / 10 : float32;
    }

    @ParameterizedTest
    @MethodSource("models")
    void theSameSeedGivesTheSameInitialWeights(String model) {
        ModelPlan plan = Fixtures.shipped(model);
        for (Precision precision : Precision.values()) {
            List<ComposedNetwork> nets = compile(plan, CompileOptions.inference(precision), SEED);
            try {
                for (int p = 0; p < plan.parameters().size(); p++) {
                    assertArrayEquals(parameter(nets.get(0), p), parameter(nets.get(1), p),
                            model + " " + precision + " parameter " + plan.parameters().get(p).name());
                }
            } finally {
                close(nets);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyLayersOutputAgrees(String model) {
        ModelPlan plan = Fixtures.shipped(model);
        for (Precision precision : Precision.values()) {
            float[] images = images(plan, BATCH, new Random(1));
            int[] labels = labels(new Random(4));
            // a step with learning rate 0 leaves the parameters and keeps every activation of the batch
            List<ComposedNetwork> nets = compile(plan, CompileOptions.training(precision, Fixtures.frozen()), SEED);
            try {
                double[] losses = new double[2];
                int[][] predictions = new int[2][BATCH];
                for (int b = 0; b < 2; b++) {
                    ComposedNetwork net = nets.get(b);
                    losses[b] = net.trainStep(store(net, images), Fixtures.identity(BATCH), 0, BATCH, labels, 1, 99,
                            predictions[b]);
                }
                for (int i = 0; i < plan.layers().size(); i++) {
                    assertAgree(model + " " + precision + " " + plan.layers().get(i).name() + " output",
                            values(nets.get(0).activation(i, BATCH)), values(nets.get(1).activation(i, BATCH)),
                            tolerance(precision, 1e-4));
                }
                assertEquals(losses[0], losses[1], tolerance(precision, 1e-4) * Math.max(1, Math.abs(losses[0])),
                        model + " loss");
                assertArrayEquals(predictions[0], predictions[1], model + " predictions");
                for (int p = 0; p < plan.parameters().size(); p++) {
                    assertAgree(model + " " + precision + " gradient of " + plan.parameters().get(p).name(),
                            values(nets.get(0).parameterTensors().get(p).gradient()),
                            values(nets.get(1).parameterTensors().get(p).gradient()), tolerance(precision, 1e-3));
                }
            } finally {
                close(nets);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void curvaturesAgree(String model) {
        ModelPlan plan = Fixtures.shipped(model);
        for (Precision precision : Precision.values()) {
            Random random = new Random(2);
            float[] images = images(plan, BATCH, random);
            int[] labels = labels(random);
            List<ComposedNetwork> nets = compile(plan, CompileOptions.training(precision,
                    new OptimizerPlan.Sdlm(0.0005, 0.02, 0, BATCH)), SEED);
            try {
                double[] losses = new double[2];
                for (int b = 0; b < 2; b++) {
                    ComposedNetwork net = nets.get(b);
                    net.resetCurvature();
                    losses[b] = net.accumulateCurvature(store(net, images), Fixtures.identity(BATCH), 0, BATCH,
                            labels, 99);
                }
                assertEquals(losses[0], losses[1], tolerance(precision, 1e-4) * Math.max(1, Math.abs(losses[0])),
                        model + " loss");
                for (int p = 0; p < plan.parameters().size(); p++) {
                    assertAgree(model + " " + precision + " curvature of " + plan.parameters().get(p).name(),
                            values(nets.get(0).parameterTensors().get(p).curvature()),
                            values(nets.get(1).parameterTensors().get(p).curvature()), tolerance(precision, 1e-3));
                }
            } finally {
                close(nets);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void optimizerStepsAndStateAgree(Precision precision) {
        for (String model : List.of("lenet5-original", "lenet5-relu-maxpool", "lenet5-gaussian-rbf")) {
            ModelPlan plan = Fixtures.shipped(model);
            List<OptimizerPlan> optimizers = List.of(
                    new OptimizerPlan.Sgd(0.01, 0.9, 1e-4),
                    new OptimizerPlan.Sgd(0.01, 0, 1e-4),
                    new OptimizerPlan.Adam(0.001, 0.9, 0.999, 1e-8, 1e-4),
                    new OptimizerPlan.Sdlm(0.0005, 0.02, 1e-4, BATCH));
            for (OptimizerPlan optimizer : optimizers) {
                String what = model + " " + precision + " " + optimizer;
                List<ComposedNetwork> nets = compile(plan, CompileOptions.training(precision, optimizer), SEED);
                try {
                    Random random = new Random(3);
                    if (optimizer.usesCurvature()) {
                        float[] images = images(plan, BATCH, random);
                        int[] labels = labels(random);
                        for (ComposedNetwork net : nets) {
                            net.resetCurvature();
                            net.accumulateCurvature(store(net, images), Fixtures.identity(BATCH), 0, BATCH, labels, 5);
                            net.finishCurvature();
                        }
                    }
                    for (long step = 1; step <= 3; step++) {
                        float[] images = images(plan, BATCH, random);
                        int[] labels = labels(random);
                        for (ComposedNetwork net : nets) {
                            net.trainStep(store(net, images), Fixtures.identity(BATCH), 0, BATCH, labels, step, step,
                                    new int[BATCH]);
                        }
                    }
                    for (int p = 0; p < plan.parameters().size(); p++) {
                        assertAgree(what + " parameter " + plan.parameters().get(p).name(),
                                parameter(nets.get(0), p), parameter(nets.get(1), p), tolerance(precision, 1e-4));
                    }
                    List<double[]> cpuState = nets.get(0).optimizerState();
                    List<double[]> nd4jState = nets.get(1).optimizerState();
                    int trainable = (int) plan.parameters().stream().filter(p -> p.trainable()).count();
                    assertEquals(optimizer.stateArrays(trainable), nd4jState.size(), what + " state arrays");
                    assertEquals(cpuState.size(), nd4jState.size(), what + " state arrays");
                    for (int i = 0; i < cpuState.size(); i++) {
                        assertAgree(what + " state " + i, cpuState.get(i), nd4jState.get(i),
                                tolerance(precision, 1e-3));
                    }
                    nets.get(1).restoreOptimizerState(cpuState);
                    List<double[]> restored = nets.get(1).optimizerState();
                    for (int i = 0; i < cpuState.size(); i++) {
                        assertAgree(what + " restored state " + i, cpuState.get(i), restored.get(i),
                                precision == Precision.FLOAT64 ? 0 : 1e-7);
                    }
                } finally {
                    close(nets);
                }
            }
        }
    }
}
