// 2-D convolution (cross-correlation) with bias, zero padding and stride, over all input channels or over the
// channels of a connection table (LeNet-5's C3).
//
// Layouts as the CPU backend: activations NCHW; weights packed [rows][kernel][kernel], one row per (output, input)
// pair in table order (without a table, output-major over every input: exactly OIHW). The table is given twice:
//   by output o: its pairs are in_channel[k], in_row[k] for k in [in_start[o], in_start[o] + in_count[o]);
//   by input c:  its pairs are user_filter[k], user_row[k] for k in [user_start[c], user_start[c] + user_count[c]);
//   by row r:    row_filter[r], row_channel[r].
// Input position of output (i, j) under tap (u, v): (i·stride + u − padding, j·stride + v − padding).
//
// The curvature pass (SDLM) has the backward pass's structure with squared weights, squared inputs and output
// curvatures in place of gradients: the `squared` flags select it.
#include "common.cuh"

struct ConvGeometry {
    int n, channels, height, width, filters, out_height, out_width, kernel, stride, padding;
};

// y[s][o][i][j] = b[o] + Σ_(c,row) Σ_u,v w[row][u][v] · x[s][c][i·stride+u−p][j·stride+v−p]; one thread per output.
extern "C" __global__ void conv_forward(const float* __restrict__ x, const float* __restrict__ w,
                                        const float* __restrict__ b, float* __restrict__ y,
                                        const int* __restrict__ in_start, const int* __restrict__ in_count,
                                        const int* __restrict__ in_channel, const int* __restrict__ in_row,
                                        ConvGeometry g) {
    const long long total = (long long)g.n * g.filters * g.out_height * g.out_width;
    const int area = g.kernel * g.kernel;
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const int j = (int)(idx % g.out_width);
        long long t = idx / g.out_width;
        const int i = (int)(t % g.out_height);
        t /= g.out_height;
        const int o = (int)(t % g.filters);
        const int s = (int)(t / g.filters);
        float sum = 0.0f;
        const int start = in_start[o];
        const int count = in_count[o];
        for (int k = start; k < start + count; k++) {
            const float* plane = x + ((long long)s * g.channels + in_channel[k]) * g.height * g.width;
            const float* wk = w + (long long)in_row[k] * area;
            for (int u = 0; u < g.kernel; u++) {
                const int r = i * g.stride + u - g.padding;
                if (r < 0 || r >= g.height) {
                    continue;
                }
                for (int v = 0; v < g.kernel; v++) {
                    const int q = j * g.stride + v - g.padding;
                    if (q >= 0 && q < g.width) {
                        sum = fmaf(wk[u * g.kernel + v], plane[r * g.width + q], sum);
                    }
                }
            }
        }
        y[idx] = sum + b[o];
    }
}

// dx[s][c][r][q] = Σ_(o,row) over users of c Σ taps (u, v) that put (r, q) under output (i, j):
//   w[row][u][v] · dy[s][o][i][j]   (squared: w² · hy). One thread per input value; no scatter.
extern "C" __global__ void conv_backward_input(const float* __restrict__ w, const float* __restrict__ dy,
                                               float* __restrict__ dx, const int* __restrict__ user_start,
                                               const int* __restrict__ user_count,
                                               const int* __restrict__ user_filter,
                                               const int* __restrict__ user_row, ConvGeometry g, int squared) {
    const long long total = (long long)g.n * g.channels * g.height * g.width;
    const int area = g.kernel * g.kernel;
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const int q = (int)(idx % g.width);
        long long t = idx / g.width;
        const int r = (int)(t % g.height);
        t /= g.height;
        const int c = (int)(t % g.channels);
        const int s = (int)(t / g.channels);
        float sum = 0.0f;
        const int start = user_start[c];
        const int count = user_count[c];
        for (int k = start; k < start + count; k++) {
            const float* go = dy + ((long long)s * g.filters + user_filter[k]) * g.out_height * g.out_width;
            const float* wk = w + (long long)user_row[k] * area;
            for (int u = 0; u < g.kernel; u++) {
                const int ti = r + g.padding - u;  // = i·stride
                if (ti < 0) {
                    break;  // grows more negative with u
                }
                if (ti % g.stride != 0 || ti / g.stride >= g.out_height) {
                    continue;
                }
                const int i = ti / g.stride;
                for (int v = 0; v < g.kernel; v++) {
                    const int tj = q + g.padding - v;
                    if (tj < 0) {
                        break;
                    }
                    if (tj % g.stride != 0 || tj / g.stride >= g.out_width) {
                        continue;
                    }
                    float wv = wk[u * g.kernel + v];
                    if (squared) {
                        wv *= wv;
                    }
                    sum = fmaf(wv, go[i * g.out_width + tj / g.stride], sum);
                }
            }
        }
        dx[idx] = sum;
    }
}

// dw[row][u][v] = Σ_s,i,j dy[s][o][i][j] · x[s][c][i·stride+u−p][j·stride+v−p] with (o, c) the row's pair
// (squared: hy · x²). One block of REDUCE_THREADS per weight (grid = rows · kernel²), fixed-order reduction.
extern "C" __global__ void conv_backward_weights(const float* __restrict__ x, const float* __restrict__ dy,
                                                 float* __restrict__ dw, const int* __restrict__ row_filter,
                                                 const int* __restrict__ row_channel, ConvGeometry g,
                                                 int squared) {
    __shared__ double partial[REDUCE_THREADS];
    const int area = g.kernel * g.kernel;
    const int weight = blockIdx.x;
    const int row = weight / area;
    const int u = (weight % area) / g.kernel;
    const int v = weight % g.kernel;
    const int o = row_filter[row];
    const int c = row_channel[row];
    const int positions = g.out_height * g.out_width;
    const long long total = (long long)g.n * positions;
    double sum = 0.0;
    for (long long e = threadIdx.x; e < total; e += REDUCE_THREADS) {
        const int s = (int)(e / positions);
        const int p = (int)(e % positions);
        const int i = p / g.out_width;
        const int j = p % g.out_width;
        const int r = i * g.stride + u - g.padding;
        const int qq = j * g.stride + v - g.padding;
        if (r < 0 || r >= g.height || qq < 0 || qq >= g.width) {
            continue;
        }
        float xv = x[(((long long)s * g.channels + c) * g.height + r) * g.width + qq];
        if (squared) {
            xv *= xv;
        }
        sum += (double)dy[((long long)s * g.filters + o) * positions + p] * (double)xv;
    }
    const double total_sum = block_sum(sum, partial);
    if (threadIdx.x == 0) {
        dw[weight] = (float)total_sum;
    }
}
