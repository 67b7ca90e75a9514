package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.Initializer;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.train.Initialization;

/**
 * Update steps of every engine's SGD, Adam and SDLM on a two-element parameter against values worked out by hand
 * (PyTorch's semantics), their state in the layout {@link OptimizerPlan} documents, and its round trip.
 */
class OptimizerTest {
    private static final double[] START = {1.0, -2.0};
    private static final double[] GRADIENT = {0.5, 0.25};

    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of("float32", Fixtures.FLOAT32),
                Arguments.of("float64", Fixtures.FLOAT64),
                Arguments.of("ND4J float32", Fixtures.reference(Precision.FLOAT32)),
                Arguments.of("ND4J float64", Fixtures.reference(Precision.FLOAT64)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void sgdWithMomentumAndWeightDecay(String name, KernelProvider engine) {
        double tolerance = tolerance(engine);
        Parameter p = parameter(engine, START);
        ParameterUpdater sgd = engine.updater(new OptimizerPlan.Sgd(0.1, 0.9, 0.01), List.of(p));
        assertArrayEquals(new double[2], sgd.state().get(0), "the velocity starts at 0");
        sgd.update(1);
        // g' = g + 0.01 p = (0.51, 0.23); v = g'; p -= 0.1 v
        assertArrayEquals(new double[] {0.949, -2.023}, Fixtures.values(p.value()), tolerance);
        assertArrayEquals(new double[] {0.51, 0.23}, sgd.state().get(0), tolerance);
        sgd.update(2);
        // g' = (0.50949, 0.22977); v = 0.9 (0.51, 0.23) + g' = (0.96849, 0.43677); p -= 0.1 v
        assertArrayEquals(new double[] {0.852151, -2.066677}, Fixtures.values(p.value()), tolerance);
        List<double[]> state = sgd.state();
        assertEquals(1, state.size(), "one velocity per trainable parameter");
        assertArrayEquals(new double[] {0.96849, 0.43677}, state.get(0), tolerance);
        // the gradient is left as backward wrote it
        assertArrayEquals(GRADIENT, Fixtures.values(p.gradient()), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void plainSgdAndALearningRateChange(String name, KernelProvider engine) {
        Parameter p = parameter(engine, START);
        ParameterUpdater sgd = engine.updater(new OptimizerPlan.Sgd(0.1, 0, 0.01), List.of(p));
        sgd.update(1);
        assertArrayEquals(new double[] {0.949, -2.023}, Fixtures.values(p.value()), tolerance(engine));
        sgd.setLearningRate(1.0);
        sgd.update(2);
        // g' = (0.5 + 0.00949, 0.25 - 0.02023); p -= 1.0 g'
        assertArrayEquals(new double[] {0.949 - 0.50949, -2.023 - 0.22977}, Fixtures.values(p.value()),
                tolerance(engine));
        assertEquals(List.of(), sgd.state(), "SGD without momentum keeps no state");
        sgd.restore(List.of());
        assertThrows(IllegalArgumentException.class, () -> sgd.restore(List.of(new double[2])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void adamWithWeightDecay(String name, KernelProvider engine) {
        double tolerance = tolerance(engine);
        Parameter p = parameter(engine, START);
        OptimizerPlan.Adam config = new OptimizerPlan.Adam(0.01, 0.9, 0.999, 1e-8, 0.1);
        ParameterUpdater adam = engine.updater(config, List.of(p));
        adam.update(1);
        // g' = g + 0.1 p = (0.6, 0.05); m̂ = g', v̂ = g'², so p -= 0.01 · g' / (|g'| + 1e-8)
        double[] expected = {1.0 - 0.01 * 0.6 / (0.6 + 1e-8), -2.0 - 0.01 * 0.05 / (0.05 + 1e-8)};
        assertArrayEquals(new double[] {0.99000000016666667, -2.009999998}, expected, 1e-15);
        assertArrayEquals(expected, Fixtures.values(p.value()), tolerance);
        // a second step, against a scalar transcription of torch.optim.Adam
        Adam reference = Adam.steps(config, 2);
        p.gradient().write(GRADIENT);
        adam.update(2);
        assertArrayEquals(reference.p, Fixtures.values(p.value()), tolerance);
        List<double[]> state = adam.state();
        assertEquals(2, state.size(), "every first moment, then every second moment");
        assertArrayEquals(reference.m, state.get(0), tolerance);
        assertArrayEquals(reference.v, state.get(1), tolerance * 1e-2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void adamsLearningRateChangeAndStepsCountingFromOne(String name, KernelProvider engine) {
        Parameter p = parameter(engine, START);
        ParameterUpdater adam = engine.updater(new OptimizerPlan.Adam(0.5, 0.9, 0.999, 1e-8, 0), List.of(p));
        adam.setLearningRate(0.01);
        adam.update(1);
        // the first step without weight decay moves each element by lr·sign(g) (up to ε)
        assertArrayEquals(new double[] {0.99, -2.01}, Fixtures.values(p.value()), Math.max(1e-9, tolerance(engine)));
        assertThrows(IllegalArgumentException.class, () -> adam.update(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void sdlmStepsByTheAverageCurvatureAndKeepsNoState(String name, KernelProvider engine) {
        double tolerance = tolerance(engine);
        Parameter p = parameter(engine, START);
        ParameterUpdater sdlm = engine.updater(new OptimizerPlan.Sdlm(0.3, 0.02, 0.1, 5), List.of(p));
        assertThrows(IllegalStateException.class, () -> sdlm.update(1), "no step before a curvature estimate");
        sdlm.resetCurvature();
        assertThrows(IllegalStateException.class, sdlm::finishCurvature, "no estimate without curvature passes");
        p.curvature().write(new double[] {0.5, -0.25});
        sdlm.accumulateCurvature(2);
        p.curvature().write(new double[] {1.5, -0.75});
        sdlm.accumulateCurvature(3);
        sdlm.finishCurvature();
        // h = (2·(0.5, -0.25) + 3·(1.5, -0.75)) / 5 = (1.1, -0.55), the negative one taken as 0;
        // g' = g + 0.1 p = (0.6, 0.05); p -= 0.3 / (0.02 + max(h, 0)) · g'
        double[] first = {1.0 - 0.3 / 1.12 * 0.6, -2.0 - 0.3 / 0.02 * 0.05};
        sdlm.update(1);
        assertArrayEquals(first, Fixtures.values(p.value()), tolerance);
        sdlm.setLearningRate(0.1);
        sdlm.update(2);
        double[] second = {first[0] - 0.1 / 1.12 * (0.5 + 0.1 * first[0]),
            first[1] - 0.1 / 0.02 * (0.25 + 0.1 * first[1])};
        assertArrayEquals(second, Fixtures.values(p.value()), tolerance);
        // a new estimate replaces the old one
        sdlm.resetCurvature();
        p.curvature().write(new double[] {0.18, 0.08});
        sdlm.accumulateCurvature(1);
        sdlm.finishCurvature();
        sdlm.update(3);
        double[] third = {second[0] - 0.1 / 0.2 * (0.5 + 0.1 * second[0]),
            second[1] - 0.1 / 0.1 * (0.25 + 0.1 * second[1])};
        assertArrayEquals(third, Fixtures.values(p.value()), tolerance);

        assertEquals(List.of(), sdlm.state(), "SDLM re-estimates its curvature before every epoch: no state");
        sdlm.restore(List.of());
        assertThrows(IllegalArgumentException.class, () -> sdlm.restore(List.of(new double[2])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void stateRestoresExactlyAndRejectsWrongCountsAndLengths(String name, KernelProvider engine) {
        for (OptimizerPlan config : List.of(new OptimizerPlan.Sgd(0.05, 0.9, 0.01),
                new OptimizerPlan.Adam(0.01, 0.9, 0.999, 1e-8, 0.01))) {
            List<Parameter> a = List.of(parameter(engine, START), parameter(engine, new double[] {0.25, 0.5, -0.75}));
            ParameterUpdater updater = engine.updater(config, a);
            assertEquals(config.stateArrays(2), updater.state().size());
            updater.update(1);
            a.get(1).gradient().write(new double[] {-0.1, 0.2, 0.3});
            updater.update(2);
            List<double[]> state = updater.state();
            assertEquals(config.stateArrays(2), state.size(), config.type());
            for (int i = 0; i < state.size(); i++) {
                assertEquals(i % 2 == 0 ? 2 : 3, state.get(i).length, "state array " + i + " follows parameter "
                        + i % 2);
            }
            // a fresh updater over the same values, restored, continues exactly as the first one
            List<Parameter> b = List.of(parameter(engine, Fixtures.values(a.get(0).value())),
                    parameter(engine, Fixtures.values(a.get(1).value())));
            b.get(1).gradient().write(Fixtures.values(a.get(1).gradient()));
            ParameterUpdater fresh = engine.updater(config, b);
            fresh.restore(state);
            for (int i = 0; i < state.size(); i++) {
                assertArrayEquals(state.get(i), fresh.state().get(i), 0.0);
            }
            state.get(0)[0] = 99; // the arrays returned and restored are copies
            assertNotEquals(99.0, updater.state().get(0)[0]);
            assertNotEquals(99.0, fresh.state().get(0)[0]);
            updater.update(3);
            fresh.update(3);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(Fixtures.values(a.get(i).value()), Fixtures.values(b.get(i).value()), 0.0,
                        config.type() + " parameter " + i);
            }
            // refused restores change nothing
            List<double[]> good = fresh.state();
            List<double[]> wrongLength = new ArrayList<>(good);
            wrongLength.set(good.size() - 1, new double[4]);
            assertThrows(IllegalArgumentException.class, () -> fresh.restore(wrongLength));
            assertThrows(IllegalArgumentException.class, () -> fresh.restore(good.subList(1, good.size())));
            for (int i = 0; i < good.size(); i++) {
                assertArrayEquals(good.get(i), fresh.state().get(i), 0.0, "a refused restore changes nothing");
            }
        }
    }

    // ---------------------------------------------------------------- in a compiled network

    /** A model with trainable dense layers between a fixed layer of prototypes' input and the prototypes. */
    private static final ModelPlan WITH_FIXED = Fixtures.plan(new RbfMapSpec(null), 1, 2, 3, new FlattenSpec(null),
            new DenseSpec("F5", 6, null, null), new ActivationSpec(null, ActivationFunction.TANH),
            new DenseSpec("F6", 84, null, null),
            new RbfSpec("OUTPUT", 10, null, null, "lenet5-digits-7x12", false, null));

    static Stream<Arguments> networks() {
        List<OptimizerPlan> optimizers = List.of(new OptimizerPlan.Sgd(0.1, 0.9, 0.01),
                new OptimizerPlan.Adam(0.01, 0.9, 0.999, 1e-8, 0.01), new OptimizerPlan.Sdlm(0.01, 0.02, 0.01, 4));
        return Stream.of(Precision.values()).flatMap(precision -> optimizers.stream()
                .map(o -> Arguments.of(o.type() + " in " + precision.jsonName(), precision, o)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void aCompiledNetworksStateFollowsTheDocumentedLayoutOverItsTrainableParameters(String name, Precision precision,
                                                                                   OptimizerPlan optimizer) {
        try (CompiledNetwork network = Fixtures.CPU.compile(WITH_FIXED,
                CompileOptions.training(precision, optimizer))) {
            Initialization.initialize(network, 3);
            ComposedNetwork composed = (ComposedNetwork) network;
            List<Parameter> parameters = composed.parameterTensors();
            assertEquals(5, parameters.size());
            List<double[]> before = new ArrayList<>();
            for (Parameter p : parameters) {
                before.add(Fixtures.values(p.value()));
            }
            ImageData images = network.images(Fixtures.images(4, WITH_FIXED.input(), 1), WITH_FIXED.input());
            if (optimizer.usesCurvature()) {
                network.resetCurvature();
                network.accumulateCurvature(images, Fixtures.identity(4), 0, 4, new int[] {1, 2, 3, 4}, 2);
                network.finishCurvature();
            }
            network.trainStep(images, Fixtures.identity(4), 0, 4, new int[] {5, 6, 7, 8}, 1, 3, new int[4]);
            assertArrayEquals(before.get(4), Fixtures.values(parameters.get(4).value()), 0.0,
                    "the fixed prototypes do not move");
            for (int i = 0; i < 4; i++) {
                assertNotEquals(before.get(i)[0], parameters.get(i).value().get(0), "trainable parameter " + i);
            }
            List<double[]> state = network.optimizerState();
            assertEquals(optimizer.stateArrays(4), state.size(), "over the 4 trainable parameters");
            double tolerance = precision == Precision.FLOAT32 ? 1e-6 : 1e-15;
            for (int k = 0; k < state.size(); k++) {
                int i = k % 4; // the trainable parameters in order; for Adam every m, then every v
                double[] g = Fixtures.values(parameters.get(i).gradient());
                assertEquals(g.length, state.get(k).length, "state array " + k);
                for (int j = 0; j < g.length; j++) {
                    double decayed = g[j] + 0.01 * before.get(i)[j];
                    double expected = optimizer instanceof OptimizerPlan.Sgd ? decayed
                            : k < 4 ? 0.1 * decayed : 0.001 * decayed * decayed;
                    assertEquals(expected, state.get(k)[j], tolerance * Math.max(1, Math.abs(expected)),
                            "state array " + k + " value " + j);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** p, m and v after {@code steps} steps of torch.optim.Adam from {@link #START} with gradient {@link #GRADIENT}. */
    private record Adam(double[] p, double[] m, double[] v) {
        static Adam steps(OptimizerPlan.Adam c, int steps) {
            double[] p = START.clone();
            double[] m = new double[2];
            double[] v = new double[2];
            for (int t = 1; t <= steps; t++) {
                for (int i = 0; i < 2; i++) {
                    double g = GRADIENT[i] + c.weightDecay() * p[i];
                    m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g;
                    v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g * g;
                    double mHat = m[i] / (1 - Math.pow(c.beta1(), t));
                    double vHat = v[i] / (1 - Math.pow(c.beta2(), t));
                    p[i] -= c.learningRate() * mHat / (Math.sqrt(vHat) + c.epsilon());
                }
            }
            return new Adam(p, m, v);
        }
    }

    /** A trainable parameter of {@code engine} with the given values, the gradient {@link #GRADIENT} (repeated). */
    private static Parameter parameter(KernelProvider engine, double[] values) {
        ParameterPlan plan = new ParameterPlan("weight", Shape.of(values.length), 1, 1, Initializer.XAVIER_UNIFORM);
        Parameter p = new Parameter(plan, engine.allocate(plan.shape()), engine.allocate(plan.shape()),
                engine.allocate(plan.shape()));
        p.value().write(values);
        double[] g = new double[values.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = GRADIENT[i % 2];
        }
        p.gradient().write(g);
        return p;
    }

    private static double tolerance(KernelProvider engine) {
        return engine.precision() == Precision.FLOAT64 ? 1e-12 : 1e-6;
    }

    @Test
    void theEngineOfEachPrecisionUpdatesInIt() {
        Parameter f = parameter(Fixtures.FLOAT32, START);
        Parameter d = parameter(Fixtures.FLOAT64, START);
        OptimizerPlan.Sgd sgd = new OptimizerPlan.Sgd(0.1 / 3, 0, 0);
        Fixtures.FLOAT32.updater(sgd, List.of(f)).update(1);
        Fixtures.FLOAT64.updater(sgd, List.of(d)).update(1);
        assertEquals(1.0 - 0.1 / 3 * 0.5, d.value().get(0), 0.0);
        float step = (float) (0.1 / 3);
        assertEquals(1.0f - step * 0.5f, f.value().get(0), 0.0);
        assertNotEquals(d.value().get(0), f.value().get(0));
    }
}
