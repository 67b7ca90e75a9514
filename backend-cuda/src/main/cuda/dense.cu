// A tiled matrix product for the dense layers: C[M][N] = op(A)·op(B) (+ bias[n] on every row), row-major, where
// op(A) is M×K (stored K×M when trans_a) and op(B) is K×N (stored N×K when trans_b); square_a / square_b square
// each element as it is loaded (the curvature pass's x² and W²). Blocks of TILE×TILE threads, one output each,
// grid (⌈N/TILE⌉, ⌈M/TILE⌉); each output sums its K products in one fixed order.
//   forward        y  = x·W + b      M = batch, K = in,    N = out
//   weight grad    dW = xᵀ·dy        M = in,    K = batch, N = out   (trans_a)
//   input grad     dx = dy·Wᵀ        M = batch, K = out,   N = in    (trans_b)
#include "common.cuh"

#define TILE 16

extern "C" __global__ void gemm(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ c,
                                const float* __restrict__ bias, int m, int n, int k, int trans_a, int trans_b,
                                int square_a, int square_b) {
    __shared__ float a_tile[TILE][TILE + 1];
    __shared__ float b_tile[TILE][TILE + 1];
    const int tx = threadIdx.x;
    const int ty = threadIdx.y;
    const int row = blockIdx.y * TILE + ty;
    const int col = blockIdx.x * TILE + tx;
    float sum = 0.0f;
    for (int k0 = 0; k0 < k; k0 += TILE) {
        const int ka = k0 + tx;  // a_tile[ty][tx] = op(A)[row][k0 + tx]
        float av = 0.0f;
        if (row < m && ka < k) {
            av = trans_a ? a[(long long)ka * m + row] : a[(long long)row * k + ka];
        }
        const int kb = k0 + ty;  // b_tile[ty][tx] = op(B)[k0 + ty][col]
        float bv = 0.0f;
        if (kb < k && col < n) {
            bv = trans_b ? b[(long long)col * k + kb] : b[(long long)kb * n + col];
        }
        a_tile[ty][tx] = square_a ? av * av : av;
        b_tile[ty][tx] = square_b ? bv * bv : bv;
        __syncthreads();
        for (int kk = 0; kk < TILE; kk++) {
            sum = fmaf(a_tile[ty][kk], b_tile[kk][tx], sum);
        }
        __syncthreads();
    }
    if (row < m && col < n) {
        c[(long long)row * n + col] = bias != nullptr ? sum + bias[col] : sum;
    }
}
