package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.OptimizerKind;

/** One or two update steps on a two-element parameter against values worked out by hand (PyTorch semantics). */
class OptimizerTest {
    private static final double[] START = {1.0, -2.0};
    private static final double[] GRADIENT = {0.5, 0.25};

    @Test
    void sgdWithMomentumAndWeightDecay() {
        for (CpuBackend backend : List.of(Fixtures.DOUBLE, Fixtures.FLOAT)) {
            double tolerance = tolerance(backend);
            Parameter p = parameter(backend, true);
            ParameterUpdater sgd = backend.updater(
                    new OptimizerConfig(OptimizerKind.SGD, 0.1, 0.9, 0, 0, 0, 0.01), List.of(p));
            sgd.update(1);
            // g' = g + 0.01 p = (0.51, 0.23); v = g'; p -= 0.1 v
            assertArrayEquals(new double[] {0.949, -2.023}, Fixtures.values(p.value()), tolerance);
            Fixtures.setValues(p.gradient(), GRADIENT);
            sgd.update(2);
            // g' = (0.50949, 0.22977); v = 0.9 (0.51, 0.23) + g' = (0.96849, 0.43677); p -= 0.1 v
            assertArrayEquals(new double[] {0.852151, -2.066677}, Fixtures.values(p.value()), tolerance);
            // the gradient is left as backward wrote it
            assertArrayEquals(GRADIENT, Fixtures.values(p.gradient()), 0);
        }
    }

    @Test
    void plainSgdAndLearningRateChange() {
        Parameter p = parameter(Fixtures.DOUBLE, true);
        ParameterUpdater sgd = Fixtures.DOUBLE.updater(
                new OptimizerConfig(OptimizerKind.SGD, 0.1, 0, 0, 0, 0, 0.01), List.of(p));
        sgd.update(1);
        assertArrayEquals(new double[] {0.949, -2.023}, Fixtures.values(p.value()), 1e-12);
        sgd.setLearningRate(1.0);
        sgd.update(2);
        // g' = (0.5 + 0.00949, 0.25 - 0.02023); p -= 1.0 g'
        assertArrayEquals(new double[] {0.949 - 0.50949, -2.023 - 0.22977}, Fixtures.values(p.value()), 1e-12);
    }

    @Test
    void adamWithWeightDecay() {
        for (CpuBackend backend : List.of(Fixtures.DOUBLE, Fixtures.FLOAT)) {
            double tolerance = tolerance(backend);
            Parameter p = parameter(backend, true);
            OptimizerConfig config = new OptimizerConfig(OptimizerKind.ADAM, 0.01, 0, 0.9, 0.999, 1e-8, 0.1);
            ParameterUpdater adam = backend.updater(config, List.of(p));
            adam.update(1);
            // g' = g + 0.1 p = (0.6, 0.05); m̂ = g', v̂ = g'², so p -= 0.01 · g' / (|g'| + 1e-8)
            double[] expected = {1.0 - 0.01 * 0.6 / (0.6 + 1e-8), -2.0 - 0.01 * 0.05 / (0.05 + 1e-8)};
            assertArrayEquals(new double[] {0.99000000016666667, -2.009999998}, expected, 1e-15);
            assertArrayEquals(expected, Fixtures.values(p.value()), tolerance);

            // a second step, against a scalar transcription of torch.optim.Adam
            double[][] reference = referenceAdam(config, 2);
            Fixtures.setValues(p.gradient(), GRADIENT);
            adam.update(2);
            assertArrayEquals(reference[1], Fixtures.values(p.value()), tolerance);
        }
    }

    @Test
    void adamLearningRateChange() {
        Parameter p = parameter(Fixtures.DOUBLE, true);
        ParameterUpdater adam = Fixtures.DOUBLE.updater(
                new OptimizerConfig(OptimizerKind.ADAM, 0.5, 0, 0.9, 0.999, 1e-8, 0), List.of(p));
        adam.setLearningRate(0.01);
        adam.update(1);
        // first step without weight decay moves each element by lr·sign(g) (up to ε)
        assertArrayEquals(new double[] {0.99, -2.01}, Fixtures.values(p.value()), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> adam.update(0));
    }

    @Test
    void fixedParametersAreNotUpdated() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            Parameter trainable = parameter(Fixtures.DOUBLE, true);
            Parameter fixed = parameter(Fixtures.DOUBLE, false);
            ParameterUpdater updater = Fixtures.DOUBLE.updater(
                    new OptimizerConfig(kind, 0.1, 0.9, 0.9, 0.999, 1e-8, 0.01), List.of(fixed, trainable));
            if (updater.usesCurvature()) {
                updater.resetCurvature();
                updater.accumulateCurvature(1);
                updater.finishCurvature();
            }
            updater.update(1);
            assertArrayEquals(START, Fixtures.values(fixed.value()), 0, kind.toString());
            org.junit.jupiter.api.Assertions.assertNotEquals(START[0], trainable.value().get(0), kind.toString());
        }
    }

    /** The parameter after each of {@code steps} steps of PyTorch's Adam with the constant gradient. */
    private static double[][] referenceAdam(OptimizerConfig c, int steps) {
        double[] p = START.clone();
        double[] m = new double[2];
        double[] v = new double[2];
        double[][] out = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < 2; i++) {
                double g = GRADIENT[i] + c.weightDecay() * p[i];
                m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g;
                v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g * g;
                double mHat = m[i] / (1 - Math.pow(c.beta1(), t));
                double vHat = v[i] / (1 - Math.pow(c.beta2(), t));
                p[i] -= c.learningRate() * mHat / (Math.sqrt(vHat) + c.epsilon());
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    private static Parameter parameter(CpuBackend backend, boolean trainable) {
        ParameterPlan plan = new ParameterPlan("weight", Shape.of(2), 1, 1, trainable);
        Parameter p = new Parameter(plan, backend.allocate(plan.shape()), backend.allocate(plan.shape()),
                backend.allocate(plan.shape()));
        Fixtures.setValues(p.value(), START);
        Fixtures.setValues(p.gradient(), GRADIENT);
        return p;
    }

    private static double tolerance(CpuBackend backend) {
        return backend == Fixtures.DOUBLE ? 1e-12 : 1e-6;
    }
}
