// Shared helpers of the LeNet Lab CUDA kernels.
//
// Every kernel is extern "C" so that its PTX entry has the plain name the Java side looks up. Element-wise kernels
// use grid-stride loops over a 64-bit index. Reductions are deterministic: a block of REDUCE_THREADS threads, each
// summing a fixed strided subset in a fixed order (in double precision), then a fixed tree in shared memory; no
// atomics anywhere, so the same inputs give the same bits on every run.
#pragma once

#define REDUCE_THREADS 256

// The first index of this thread in a grid-stride loop, and the stride.
__device__ __forceinline__ long long first_index() {
    return (long long)blockIdx.x * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ long long grid_stride() {
    return (long long)gridDim.x * blockDim.x;
}

// Sums `value` over the block (blockDim.x == REDUCE_THREADS); the result is valid in thread 0. `shared` holds
// REDUCE_THREADS doubles. Ends with a barrier, so `shared` may be reused right after.
__device__ __forceinline__ double block_sum(double value, double* shared) {
    shared[threadIdx.x] = value;
    __syncthreads();
    for (int half = REDUCE_THREADS / 2; half > 0; half >>= 1) {
        if (threadIdx.x < half) {
            shared[threadIdx.x] += shared[threadIdx.x + half];
        }
        __syncthreads();
    }
    double total = shared[0];
    __syncthreads();
    return total;
}
