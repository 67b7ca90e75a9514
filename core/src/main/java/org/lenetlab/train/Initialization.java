package org.lenetlab.train;

import java.util.SplittableRandom;
import org.lenetlab.model.ParameterPlan;
import org.lenetlab.spec.Initializer;

/** Draws initial parameter values on the host, so every backend starts from the same numbers for the same seed. */
public final class Initialization {
    private Initialization() {
    }

    /** Initial values of {@code parameter} under {@code initializer}, drawn from {@code random}. */
    public static float[] values(ParameterPlan parameter, Initializer initializer, SplittableRandom random) {
        float[] v = new float[Math.toIntExact(parameter.shape().size())];
        int fanIn = parameter.fanIn();
        int fanOut = parameter.fanOut();
        if (parameter.isBias() && initializer != Initializer.PYTORCH_DEFAULT) {
            return v;
        }
        switch (initializer) {
            case XAVIER_UNIFORM -> uniform(v, Math.sqrt(6.0 / (fanIn + fanOut)), random);
            case HE_UNIFORM -> uniform(v, Math.sqrt(6.0 / fanIn), random);
            case HE_NORMAL -> {
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * std);
                }
            }
            case PYTORCH_DEFAULT -> uniform(v, 1.0 / Math.sqrt(fanIn), random);
            default -> throw new IllegalStateException("unknown initializer " + initializer);
        }
        return v;
    }

    private static void uniform(float[] v, double bound, SplittableRandom random) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }
}
