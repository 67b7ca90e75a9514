package org.lenetlab.backend.cpu;

/**
 * Loops over Java arrays shared by the kernels' Java paths. The JIT compiler of Java 17 turns a loop into vector
 * instructions only when every array in it is indexed from the same offset, so the element-wise loops here that
 * must be fast take arrays indexed from 0 (rows of their own); the reductions keep several independent sums.
 */
final class DoubleMath {
    /** |x| beyond which tanh(x) is ±1 in double precision. */
    private static final double TANH_SATURATION = 20;

    private DoubleMath() {
    }

    /** {@code y[0..n) += a · x[0..n)}. */
    static void axpy(double a, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    /** {@code y[yo..yo+n) += a · x[xo..xo+n)} (not vectorised unless the offsets are equal). */
    static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /** {@code y[0..n) += a0·x0 + a1·x1 + a2·x2 + a3·x3}. */
    static void axpy4(double a0, double a1, double a2, double a3, double[] x0, double[] x1, double[] x2, double[] x3,
                      double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
        }
    }

    /** {@code y[0..n) = a0·x0 + a1·x1 + a2·x2 + a3·x3}. */
    static void set4(double a0, double a1, double a2, double a3, double[] x0, double[] x1, double[] x2, double[] x3,
                     double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
        }
    }

    /** {@code y[0..n) = a · x[0..n)}. */
    static void scale(double a, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = a * x[i];
        }
    }

    /** {@code y[0..n) = x[0..n)²}. */
    static void squares(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = x[i] * x[i];
        }
    }

    /** The dot product of {@code x[xo..xo+n)} and {@code y[yo..yo+n)}. */
    static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xo + i] * y[yo + i];
            s1 += x[xo + i + 1] * y[yo + i + 1];
            s2 += x[xo + i + 2] * y[yo + i + 2];
            s3 += x[xo + i + 3] * y[yo + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[xo + i] * y[yo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Four dot products sharing {@code g}: {@code out[oo + k] += g·x_k} over the first {@code n} values. */
    static void dot4(double[] g, double[] x0, double[] x1, double[] x2, double[] x3, int n, double[] out, int oo) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            s0 += gi * x0[i];
            s1 += gi * x1[i];
            s2 += gi * x2[i];
            s3 += gi * x3[i];
        }
        out[oo] += s0;
        out[oo + 1] += s1;
        out[oo + 2] += s2;
        out[oo + 3] += s3;
    }

    /**
     * Four dot products sharing {@code x}: {@code sums[k] += x[xo..xo+n) · w[wk..wk+n)} for the four row offsets
     * {@code w0..w3}.
     */
    static void dot4Rows(double[] x, int xo, double[] w, int w0, int w1, int w2, int w3, int n, double[] sums) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[xo + i];
            s0 += xi * w[w0 + i];
            s1 += xi * w[w1 + i];
            s2 += xi * w[w2 + i];
            s3 += xi * w[w3 + i];
        }
        sums[0] += s0;
        sums[1] += s1;
        sums[2] += s2;
        sums[3] += s3;
    }

    /** The sum of {@code x[xo..xo+n)}. */
    static double sum(double[] x, int xo, int n) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += x[xo + i];
            s1 += x[xo + i + 1];
        }
        if (i < n) {
            s0 += x[xo + i];
        }
        return s0 + s1;
    }

    /**
     * e^z − 1 for |z| ≤ 40 in plain arithmetic, so that loops calling it vectorise (unlike {@link Math#exp}): a
     * Taylor polynomial at z/1024 followed by ten squarings written for e − 1, which keeps full relative precision
     * near 0. Within about 1e-15 of the exact value, relative.
     */
    static double expm1(double z) {
        double t = z * (1.0 / 1024);
        double u = t * (1 + t * (1.0 / 2 + t * (1.0 / 6 + t * (1.0 / 24 + t * (1.0 / 120 + t * (1.0 / 720
                + t * (1.0 / 5040)))))));
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        u *= 2 + u;
        return u;
    }

    /** tanh(x), through {@link #expm1}. */
    static double tanh(double x) {
        double u = expm1(2 * Math.max(-TANH_SATURATION, Math.min(TANH_SATURATION, x)));
        return u / (u + 2);
    }

    /** The logistic sigmoid 1/(1 + e^−x), through {@link #expm1} (saturating beyond |x| = 40). */
    static double sigmoid(double x) {
        return 1 / (2 + expm1(-Math.max(-40.0, Math.min(40.0, x))));
    }

    /** {@code y[i] = amplitude · tanh(slope · x[i])} for the first {@code n} values; vectorises. */
    static void scaledTanh(double amplitude, double slope, double[] x, double[] y, int n) {
        double twice = 2 * slope;
        double limit = TANH_SATURATION / slope;
        for (int i = 0; i < n; i++) {
            double u = expm1(twice * Math.max(-limit, Math.min(limit, x[i])));
            y[i] = amplitude * u / (u + 2);
        }
    }
}
