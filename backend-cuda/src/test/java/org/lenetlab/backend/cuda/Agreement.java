package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.lenetlab.backend.Tensor;

/** Comparing tensors of two backends: the largest difference relative to the largest reference value. */
final class Agreement {
    private Agreement() {
    }

    /** All values of {@code tensor}, read in one copy. */
    static float[] values(Tensor tensor) {
        float[] v = new float[Math.toIntExact(tensor.shape().size())];
        tensor.read(v, 0);
        return v;
    }

    /** max |actual − expected| / max |expected| (0 when both are all zero). */
    static double relativeError(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "lengths");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs((double) actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs((double) expected[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    /** Asserts that {@code actual} agrees with {@code expected} within {@code tolerance} (relative, as above). */
    static void assertAgree(String what, Tensor expected, Tensor actual, double tolerance) {
        assertEquals(expected.shape(), actual.shape(), what + " shape");
        double error = relativeError(values(expected), values(actual));
        assertTrue(error < tolerance, what + ": relative error " + error + " ≥ " + tolerance);
    }

    /** Uniform values in [−scale, scale) into both tensors. */
    static void fillBoth(Tensor a, Tensor b, Random random, double scale) {
        float[] v = new float[Math.toIntExact(a.shape().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        a.write(v, 0);
        b.write(v, 0);
    }

    /** Copies {@code from}'s values into {@code to} (possibly on another backend). */
    static void copy(Tensor from, Tensor to) {
        to.write(values(from), 0);
    }
}
