package org.lenetlab.backend.nd4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Keeps the nd4j backend's results independent of the thread count ND4J was started with ({@code OMP_NUM_THREADS}).
 *
 * <p>Measured with ND4J 1.0.0-M2.1 (oneDNN build, OpenBLAS 0.3.19) on this project's 2-core machine, at 1, 2, 3, 4
 * and 8 OpenMP threads:
 * <ul>
 *   <li>{@code conv2d_bp} (oneDNN): the weight and bias gradients are sums over the batch and the image that oneDNN
 *       splits between threads, adding the partial sums in a thread-count-dependent order. The first LeNet
 *       convolution's gradients differ between 1 and 2 threads, every convolution's between 1 and 4, and at some
 *       thread counts oneDNN picks another algorithm for the input gradient of a padded 3×3 convolution too.
 *       Fix: {@link #run} runs these ops with OpenMP limited to one thread (a change of the calling thread's OpenMP
 *       setting, which costs nanoseconds).</li>
 *   <li>OpenBLAS level-1 calls ({@code axpy}) on long vectors: the vector is split between OpenBLAS's own threads,
 *       and elements at the split points go through the scalar tail code, rounded differently from the fused
 *       vector code. That changed Adam's update of the 30,720 weights of a LeNet dense layer. OpenBLAS keeps its
 *       own thread pool (not OpenMP), and resizing it costs about 0.3 ms, so instead {@link #pinBlas()} sets it to
 *       one thread once, when the backend loads; the dense layers' products are small enough that this costs
 *       little.</li>
 * </ul>
 * Forward passes (oneDNN convolution, pooling), activations and their gradients, pooling gradients and ND4J's
 * element-wise ops compute each output element on one thread, and were identical at every thread count tried.
 */
final class SingleThreaded {
    private SingleThreaded() {
    }

    /** Runs {@code ops} with OpenMP (oneDNN, libnd4j) limited to one thread on the calling thread. */
    static void run(Runnable ops) {
        NativeOps nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int threads = nativeOps.ompGetMaxThreads();
        if (threads <= 1) {
            ops.run();
            return;
        }
        nativeOps.setOmpNumThreads(1);
        try {
            ops.run();
        } finally {
            nativeOps.setOmpNumThreads(threads);
        }
    }

    /** Sets OpenBLAS to one thread for the rest of the process. */
    static void pinBlas() {
        Nd4j.factory().blas().setMaxThreads(1);
    }
}
