package org.lenetlab.backend.cpu;

import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The float32 matrix products of the hot path: a Java loop nest for products with long rows and a short inner
 * dimension (the first convolution's 25 taps over 896 positions, where it runs about twice as fast as OpenBLAS), and
 * OpenBLAS {@code sgemm} (pinned to one thread by the backend) for the rest.
 *
 * <p>The Java loops are written so that the JIT compiler of Java 17 vectorises them: every array in the innermost
 * loop is indexed by the loop variable itself (C2 refuses loops that mix offsets, since the arrays might alias), and
 * four fused multiply-adds share each load and store of the output row. The products are deterministic: each output
 * element's sum runs in one fixed order.
 */
final class FloatGemm {
    /**
     * Whether OpenBLAS runs its AVX-512 kernels ({@code OPENBLAS_CORETYPE} SkylakeX, Cooperlake or SapphireRapids, as
     * the {@code lenet} launcher sets on CPUs that have them): then OpenBLAS beats the Java loops on every shape here
     * (129 against 48 GFLOP/s on the first convolution's), else the Java loops win on few taps. Read from the
     * environment, so the choice, and with it the results, is the same in every run with the same environment.
     */
    static final boolean AVX512_BLAS = avx512Blas(System.getenv("OPENBLAS_CORETYPE"));

    private FloatGemm() {
    }

    static boolean avx512Blas(String coreType) {
        if (coreType == null) {
            return false;
        }
        String core = coreType.trim().toLowerCase(java.util.Locale.ROOT);
        return core.equals("skylakex") || core.equals("cooperlake") || core.equals("sapphirerapids");
    }

    /**
     * {@code c[m][0..n) += Σ_k a[m·kCount + k] · b[k][0..n)} for {@code m < rows}: row-major {@code a}, rows of
     * {@code b} and {@code c} as separate arrays.
     */
    static void addProductRows(float[] a, int rows, int kCount, float[][] b, float[][] c, int n) {
        for (int m = 0; m < rows; m++) {
            float[] cm = c[m];
            int ak = m * kCount;
            int k = 0;
            for (; k + 3 < kCount; k += 4) {
                axpy4(a[ak + k], a[ak + k + 1], a[ak + k + 2], a[ak + k + 3], b[k], b[k + 1], b[k + 2], b[k + 3], cm, n);
            }
            for (; k < kCount; k++) {
                axpy(a[ak + k], b[k], cm, n);
            }
        }
    }

    /** {@code c[0..n) += a0·b0 + a1·b1 + a2·b2 + a3·b3}, fused. */
    static void axpy4(float a0, float a1, float a2, float a3, float[] b0, float[] b1, float[] b2, float[] b3,
                      float[] c, int n) {
        for (int p = 0; p < n; p++) {
            c[p] = Math.fma(a3, b3[p], Math.fma(a2, b2[p], Math.fma(a1, b1[p], Math.fma(a0, b0[p], c[p]))));
        }
    }

    /** {@code c[0..n) += a·b}, fused. */
    static void axpy(float a, float[] b, float[] c, int n) {
        for (int p = 0; p < n; p++) {
            c[p] = Math.fma(a, b[p], c[p]);
        }
    }

    /**
     * Row-major {@code C = α·op(A)·op(B) + β·C} through OpenBLAS, with {@code op} transposing when asked; every array
     * starts at its first element (JavaCPP passes Java arrays whole).
     */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
                      float[] b, int ldb, float beta, float[] c, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** As {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, float[], int, float, float[], int)}
     * on direct buffers (native memory: nothing is copied), each from its position 0. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatBuffer a, int lda,
                      FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
