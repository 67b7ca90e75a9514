// Windowed layers without padding on NCHW planes: max and average pooling, and LeCun et al.'s trainable
// subsampling y = a_c · Σ_window x + b_c. Output (i, j) reads rows i·stride .. i·stride+size−1 and columns
// j·stride .. j·stride+size−1. Backward passes run one thread per input value and gather from every window that
// covers it, so overlapping windows need no atomics.
#include "common.cuh"

struct WindowGeometry {
    int planes, height, width, out_height, out_width, size, stride;
};

// The first and last output index (inclusive) whose window covers input index `at` along one axis.
__device__ __forceinline__ void covering(int at, int size, int stride, int outs, int* first, int* last) {
    const int low = at - size + 1;
    *first = low <= 0 ? 0 : (low + stride - 1) / stride;
    const int high = at / stride;
    *last = high < outs - 1 ? high : outs - 1;
}

// The flat offset, within its plane, of the first maximum of window (i, j) in row-major order (as the CPU).
__device__ __forceinline__ int window_argmax(const float* plane, int i, int j, const WindowGeometry& g) {
    int best = (i * g.stride) * g.width + j * g.stride;
    float value = plane[best];
    for (int u = 0; u < g.size; u++) {
        for (int v = 0; v < g.size; v++) {
            const int at = (i * g.stride + u) * g.width + j * g.stride + v;
            if (plane[at] > value) {
                value = plane[at];
                best = at;
            }
        }
    }
    return best;
}

// max (is_max) or mean of each window; one thread per output.
extern "C" __global__ void pool_forward(const float* __restrict__ x, float* __restrict__ y, WindowGeometry g,
                                        int is_max) {
    const long long total = (long long)g.planes * g.out_height * g.out_width;
    const float scale = 1.0f / (float)(g.size * g.size);
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const int j = (int)(idx % g.out_width);
        const long long t = idx / g.out_width;
        const int i = (int)(t % g.out_height);
        const long long plane = t / g.out_height;
        const float* xp = x + plane * g.height * g.width;
        if (is_max) {
            y[idx] = xp[window_argmax(xp, i, j, g)];
        } else {
            float sum = 0.0f;
            for (int u = 0; u < g.size; u++) {
                for (int v = 0; v < g.size; v++) {
                    sum += xp[(i * g.stride + u) * g.width + j * g.stride + v];
                }
            }
            y[idx] = sum * scale;
        }
    }
}

// Max: dx = Σ over covering windows whose first maximum is this input of dy. Average: dx = Σ dy / size² over
// covering windows (squared: / size⁴, for curvatures). One thread per input value.
extern "C" __global__ void pool_backward(const float* __restrict__ x, const float* __restrict__ dy,
                                         float* __restrict__ dx, WindowGeometry g, int is_max, int squared) {
    const long long total = (long long)g.planes * g.height * g.width;
    float factor = 1.0f / (float)(g.size * g.size);
    if (squared) {
        factor *= factor;
    }
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const int q = (int)(idx % g.width);
        const long long t = idx / g.width;
        const int r = (int)(t % g.height);
        const long long plane = t / g.height;
        const float* xp = x + plane * g.height * g.width;
        const float* gp = dy + plane * g.out_height * g.out_width;
        const int self = r * g.width + q;
        int i0, i1, j0, j1;
        covering(r, g.size, g.stride, g.out_height, &i0, &i1);
        covering(q, g.size, g.stride, g.out_width, &j0, &j1);
        float sum = 0.0f;
        for (int i = i0; i <= i1; i++) {
            for (int j = j0; j <= j1; j++) {
                if (is_max) {
                    if (window_argmax(xp, i, j, g) == self) {
                        sum += gp[i * g.out_width + j];
                    }
                } else {
                    sum += gp[i * g.out_width + j] * factor;
                }
            }
        }
        dx[idx] = sum;
    }
}

// Subsampling forward: y = a[c] · Σ_window x + b[c], planes = n · channels; one thread per output.
extern "C" __global__ void subsample_forward(const float* __restrict__ x, const float* __restrict__ a,
                                             const float* __restrict__ b, float* __restrict__ y, WindowGeometry g,
                                             int channels) {
    const long long total = (long long)g.planes * g.out_height * g.out_width;
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const int j = (int)(idx % g.out_width);
        const long long t = idx / g.out_width;
        const int i = (int)(t % g.out_height);
        const long long plane = t / g.out_height;
        const int c = (int)(plane % channels);
        const float* xp = x + plane * g.height * g.width;
        float sum = 0.0f;
        for (int u = 0; u < g.size; u++) {
            for (int v = 0; v < g.size; v++) {
                sum += xp[(i * g.stride + u) * g.width + j * g.stride + v];
            }
        }
        y[idx] = fmaf(a[c], sum, b[c]);
    }
}

// Subsampling input gradient: dx = Σ over covering windows a[c] · dy (squared: a[c]² · hy).
extern "C" __global__ void subsample_backward_input(const float* __restrict__ a, const float* __restrict__ dy,
                                                    float* __restrict__ dx, WindowGeometry g, int channels,
                                                    int squared) {
    const long long total = (long long)g.planes * g.height * g.width;
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const int q = (int)(idx % g.width);
        const long long t = idx / g.width;
        const int r = (int)(t % g.height);
        const long long plane = t / g.height;
        const int c = (int)(plane % channels);
        const float* gp = dy + plane * g.out_height * g.out_width;
        const float factor = squared ? a[c] * a[c] : a[c];
        int i0, i1, j0, j1;
        covering(r, g.size, g.stride, g.out_height, &i0, &i1);
        covering(q, g.size, g.stride, g.out_width, &j0, &j1);
        float sum = 0.0f;
        for (int i = i0; i <= i1; i++) {
            for (int j = j0; j <= j1; j++) {
                sum += factor * gp[i * g.out_width + j];
            }
        }
        dx[idx] = sum;
    }
}

// Subsampling parameter gradients: da[c] = Σ_s,i,j dy · window sum (squared: hy · window sum²), db[c] = Σ dy.
// One block of REDUCE_THREADS per channel (grid = channels); g.planes = n · channels.
extern "C" __global__ void subsample_backward_params(const float* __restrict__ x, const float* __restrict__ dy,
                                                     float* __restrict__ da, float* __restrict__ db,
                                                     WindowGeometry g, int channels, int squared) {
    __shared__ double partial[REDUCE_THREADS];
    const int c = blockIdx.x;
    const int n = g.planes / channels;
    const int positions = g.out_height * g.out_width;
    const long long total = (long long)n * positions;
    double sum_a = 0.0;
    double sum_b = 0.0;
    for (long long e = threadIdx.x; e < total; e += REDUCE_THREADS) {
        const long long plane = (e / positions) * channels + c;
        const int p = (int)(e % positions);
        const int i = p / g.out_width;
        const int j = p % g.out_width;
        const float* xp = x + plane * g.height * g.width;
        double window = 0.0;
        for (int u = 0; u < g.size; u++) {
            for (int v = 0; v < g.size; v++) {
                window += (double)xp[(i * g.stride + u) * g.width + j * g.stride + v];
            }
        }
        const double gv = (double)dy[plane * positions + p];
        sum_a += gv * (squared ? window * window : window);
        sum_b += gv;
    }
    const double total_a = block_sum(sum_a, partial);
    const double total_b = block_sum(sum_b, partial);
    if (threadIdx.x == 0) {
        da[c] = (float)total_a;
        db[c] = (float)total_b;
    }
}
