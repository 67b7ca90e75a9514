package org.lenetlab.backend.kernels;

import java.util.SplittableRandom;

/**
 * Inverted dropout's mask, the one definition every backend follows: drawn from a pass's seed alone
 * ({@code SplittableRandom(seed)}, one {@code nextDouble()} per value in row-major order), a value is dropped (0)
 * when its draw is below the rate, else kept and scaled by 1/(1 − rate). The cpu backend's engines call this; the
 * cuda backend computes the same formula on the device, and its tests compare the two.
 */
public final class DropoutMask {
    private DropoutMask() {
    }

    /** Fills {@code mask} in float64. */
    public static void fill(double[] mask, int length, double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double keep = 1.0 / (1.0 - rate);
        for (int i = 0; i < length; i++) {
            mask[i] = random.nextDouble() < rate ? 0.0 : keep;
        }
    }

    /** Fills {@code mask} in float32 (the scale rounded to float32). */
    public static void fill(float[] mask, int length, double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float keep = (float) (1.0 / (1.0 - rate));
        for (int i = 0; i < length; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : keep;
        }
    }
}
