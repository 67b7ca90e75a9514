// Element-wise kernels: activations and their derivatives, dropout masks, products, and the batch gather.
#include "common.cuh"

// Activation functions, numbered as the Java side's ActivationKernel (function).
#define ACT_RELU 0
#define ACT_SIGMOID 1
#define ACT_TANH 2
#define ACT_SCALED_TANH 3

// y = f(x): relu max(x, 0), sigmoid 1/(1 + e^−x), tanh, scaled tanh A·tanh(S·x).
extern "C" __global__ void activation_forward(const float* __restrict__ x, float* __restrict__ y, long long count,
                                              int function, float amplitude, float slope) {
    for (long long i = first_index(); i < count; i += grid_stride()) {
        const float v = x[i];
        float out;
        switch (function) {
            case ACT_RELU: out = v > 0.0f ? v : 0.0f; break;
            case ACT_SIGMOID: out = 1.0f / (1.0f + expf(-v)); break;
            case ACT_TANH: out = tanhf(v); break;
            default: out = amplitude * tanhf(slope * v); break;
        }
        y[i] = out;
    }
}

// dx = f′(x)·dy, or (squared) hx = f′(x)²·hy. f′ from the output where the CPU backend takes it from there:
// relu [x > 0], sigmoid y(1 − y), tanh 1 − y², scaled tanh A·S·(1 − (y/A)²).
extern "C" __global__ void activation_backward(const float* __restrict__ x, const float* __restrict__ y,
                                               const float* __restrict__ dy, float* __restrict__ dx,
                                               long long count, int function, float amplitude, float slope,
                                               int squared) {
    for (long long i = first_index(); i < count; i += grid_stride()) {
        float d;
        switch (function) {
            case ACT_RELU: d = x[i] > 0.0f ? 1.0f : 0.0f; break;
            case ACT_SIGMOID: d = y[i] * (1.0f - y[i]); break;
            case ACT_TANH: d = 1.0f - y[i] * y[i]; break;
            default: {
                const float t = y[i] / amplitude;
                d = amplitude * slope * (1.0f - t * t);
                break;
            }
        }
        dx[i] = (squared ? d * d : d) * dy[i];
    }
}

// SplitMix64's output function, as java.util.SplittableRandom's mix64.
__device__ __forceinline__ unsigned long long mix64(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Dropout mask: value i is 0 with probability `rate`, else `keep` = 1/(1 − rate) in float. The i-th draw is
// SplittableRandom(seed)'s (i+1)-th nextDouble(): mix64(seed + (i+1)·γ) >> 11 scaled by 2^−53, with γ the golden
// gamma. A counter-based hash, so the mask is a function of the seed alone, and the same as the CPU backend's
// DropoutMask (DropoutMaskOnDeviceTest checks it on a GPU against java.util.SplittableRandom).
extern "C" __global__ void dropout_mask(float* __restrict__ mask, long long count, long long seed, double rate,
                                        float keep) {
    const unsigned long long gamma = 0x9e3779b97f4a7c15ULL;
    for (long long i = first_index(); i < count; i += grid_stride()) {
        const unsigned long long state = (unsigned long long)seed + (unsigned long long)(i + 1) * gamma;
        const double draw = (double)(mix64(state) >> 11) * 0x1.0p-53;
        mask[i] = draw < rate ? 0.0f : keep;
    }
}

// out = a·b, or (squared) a·b².
extern "C" __global__ void multiply(const float* __restrict__ a, const float* __restrict__ b,
                                    float* __restrict__ out, long long count, int squared) {
    for (long long i = first_index(); i < count; i += grid_stride()) {
        const float bv = b[i];
        out[i] = a[i] * (squared ? bv * bv : bv);
    }
}

// batch[i][:] = images[indices[i]][:] for i < count; rows of row_size values.
extern "C" __global__ void gather_rows(const float* __restrict__ images, const int* __restrict__ indices,
                                       float* __restrict__ batch, int count, int row_size) {
    const long long total = (long long)count * row_size;
    for (long long e = first_index(); e < total; e += grid_stride()) {
        const long long i = e / row_size;
        const long long j = e % row_size;
        batch[e] = images[(long long)indices[i] * row_size + j];
    }
}
