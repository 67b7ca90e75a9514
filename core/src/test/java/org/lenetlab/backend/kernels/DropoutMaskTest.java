package org.lenetlab.backend.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one definition of dropout's mask: what it drops, how it scales, and that the seed alone fixes it. */
class DropoutMaskTest {
    private static final int N = 200_000;

    @Test
    void dropsAboutTheRateAndScalesTheRestToKeepTheMean() {
        for (double rate : new double[] {0.1, 0.5, 0.8}) {
            double[] mask = new double[N];
            DropoutMask.fill(mask, N, rate, 7);
            long dropped = 0;
            double sum = 0;
            for (double m : mask) {
                if (m == 0) {
                    dropped++;
                } else {
                    assertEquals(1 / (1 - rate), m);
                }
                sum += m;
            }
            // binomial: 5 standard deviations
            double sd = Math.sqrt(N * rate * (1 - rate));
            assertEquals(rate * N, dropped, 5 * sd, "rate " + rate);
            assertEquals(1.0, sum / N, 5 * sd / N / (1 - rate), "the mask keeps the mean");
        }
    }

    @Test
    void theSeedAloneFixesTheMaskInBothPrecisions() {
        double[] a = new double[1000];
        double[] b = new double[1000];
        double[] c = new double[1000];
        DropoutMask.fill(a, 1000, 0.3, 42);
        DropoutMask.fill(b, 1000, 0.3, 42);
        DropoutMask.fill(c, 1000, 0.3, 43);
        assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c));
        float[] f = new float[1000];
        DropoutMask.fill(f, 1000, 0.3, 42);
        for (int i = 0; i < 1000; i++) {
            assertEquals((float) a[i], f[i], "value " + i + ": the float32 mask is the float64 one rounded");
        }
    }

    @Test
    void onlyTheFirstLengthValuesAreWritten() {
        double[] mask = {9, 9, 9, 9};
        DropoutMask.fill(mask, 2, 0.5, 1);
        assertEquals(9, mask[2]);
        assertEquals(9, mask[3]);
    }
}
