package org.lenetlab.train;

import java.util.SplittableRandom;
import org.lenetlab.model.ParameterPlan;
import org.lenetlab.spec.Initializer;

/** Draws initial parameter values on the host, so every backend starts from the same numbers for the same seed. */
public final class Initialization {
    private Initialization() {
    }

    /**
     * Initial values of {@code parameter}: its plan's fixed {@link ParameterPlan#initialValues() initial values} when
     * it has them, else drawn under {@code initializer} from {@code random}. Where units differ in fan-in (a
     * convolution with a connection table), each value's bound uses the fan-in of the unit it feeds.
     */
    public static float[] values(ParameterPlan parameter, Initializer initializer, SplittableRandom random) {
        if (parameter.initialValues() != null) {
            return parameter.initialValues().values();
        }
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
