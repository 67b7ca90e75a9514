// Per-channel sums for bias gradients (and bias curvatures): out[c] = Σ_s Σ_p x[s][c][p] over an [n][channels]
// [positions] tensor; a dense layer's [n][units] output is the case positions = 1. One block of REDUCE_THREADS per
// channel (grid = channels), fixed-order reduction in double precision.
#include "common.cuh"

extern "C" __global__ void channel_sums(const float* __restrict__ x, float* __restrict__ out, int n, int channels,
                                        int positions) {
    __shared__ double partial[REDUCE_THREADS];
    const int c = blockIdx.x;
    const long long total = (long long)n * positions;
    double sum = 0.0;
    for (long long e = threadIdx.x; e < total; e += REDUCE_THREADS) {
        const long long s = e / positions;
        const long long p = e % positions;
        sum += (double)x[(s * channels + c) * positions + p];
    }
    const double total_sum = block_sum(sum, partial);
    if (threadIdx.x == 0) {
        out[c] = (float)total_sum;
    }
}
