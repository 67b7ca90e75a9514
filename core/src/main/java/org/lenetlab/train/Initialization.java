package org.lenetlab.train;

import java.util.List;
import java.util.SplittableRandom;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.Initializer;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ParameterPlan;

/**
 * Draws initial parameter values on the host, so every backend starts from the same numbers for the same seed: each
 * parameter tensor from its own stream ({@link SeedStream#INITIAL_WEIGHTS}, layer index, parameter index).
 */
public final class Initialization {
    private Initialization() {
    }

    /** Writes the initial values of every parameter of {@code network}'s plan, drawn from {@code seed}. */
    public static void initialize(CompiledNetwork network, long seed) {
        ModelPlan plan = network.plan();
        int index = 0;
        for (var layer : plan.layers()) {
            List<ParameterPlan> params = layer.parameters();
            for (int p = 0; p < params.size(); p++) {
                SplittableRandom random = new SplittableRandom(SeedStream.INITIAL_WEIGHTS.derive(seed, layer.index(), p));
                float[] values = values(params.get(p), random);
                double[] wide = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    wide[i] = values[i];
                }
                network.writeParameter(index++, wide);
            }
        }
    }

    /**
     * Initial values of {@code parameter}: its plan's fixed {@link ParameterPlan#initialValues() initial values} when
     * it has them, else drawn under its initializer from {@code random}. Where units differ in fan-in (a
     * convolution with a connection table), each value's bound uses the fan-in of the unit it feeds.
     */
    public static float[] values(ParameterPlan parameter, SplittableRandom random) {
        if (parameter.initialValues() != null) {
            return parameter.initialValues().values();
        }
        Initializer initializer = parameter.initializer();
        float[] v = new float[Math.toIntExact(parameter.shape().size())];
        int fanOut = parameter.fanOut();
        if (parameter.isBias() && (initializer == Initializer.XAVIER_UNIFORM || initializer == Initializer.HE_NORMAL
                || initializer == Initializer.HE_UNIFORM)) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            int fanIn = parameter.fanInOf(i);
            v[i] = (float) switch (initializer) {
                case XAVIER_UNIFORM -> uniform(Math.sqrt(6.0 / (fanIn + fanOut)), random);
                case HE_UNIFORM -> uniform(Math.sqrt(6.0 / fanIn), random);
                case HE_NORMAL -> random.nextGaussian() * Math.sqrt(2.0 / fanIn);
                case PYTORCH_DEFAULT -> uniform(1.0 / Math.sqrt(fanIn), random);
                case LECUN_FAN_IN -> uniform(2.4 / fanIn, random);
                case LECUN_SQRT_FAN_IN -> uniform(2.4 / Math.sqrt(fanIn), random);
            };
        }
        return v;
    }

    private static double uniform(double bound, SplittableRandom random) {
        return (random.nextDouble() * 2 - 1) * bound;
    }
}
