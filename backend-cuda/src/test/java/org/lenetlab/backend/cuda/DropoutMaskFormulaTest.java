package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dropout kernel draws value i of a mask as mix64(seed + (i+1)·γ) with the top 53 bits scaled by 2^−53: the
 * same numbers as {@link SplittableRandom#nextDouble()} called i+1 times, which is what gives the CPU backend's
 * masks. Checked here on the host with the kernel's formula written out in Java.
 */
class DropoutMaskFormulaTest {
    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    /** elementwise.cu's mix64. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** elementwise.cu's draw for value {@code i}. */
    private static double draw(long seed, long i) {
        return (mix64(seed + (i + 1) * GAMMA) >>> 11) * 0x1.0p-53;
    }

    @Test
    void counterFormulaIsSplittableRandomsSequence() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE, 0x5DEECE66DL}) {
            SplittableRandom random = new SplittableRandom(seed);
            for (long i = 0; i < 10_000; i++) {
                assertEquals(random.nextDouble(), draw(seed, i), "seed " + seed + ", value " + i);
            }
        }
    }
}
