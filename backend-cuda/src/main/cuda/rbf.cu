// RBF units: d_i = Σ_j (x_j − c_ij)², output d_i (Euclidean) or exp(−d_i / 2σ²) (Gaussian), with the same gradient
// and curvature rules as the CPU backend's RadialBasisKernel. x is [n][inputs], c [units][inputs], y [n][units].
#include "common.cuh"

// One thread per (sample, unit); the distance is summed in double precision.
extern "C" __global__ void rbf_forward(const float* __restrict__ x, const float* __restrict__ c,
                                       float* __restrict__ y, int n, int units, int inputs, int gaussian,
                                       double half_inverse_variance) {
    const long long total = (long long)n * units;
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const long long s = idx / units;
        const int i = (int)(idx % units);
        const float* xs = x + s * inputs;
        const float* ci = c + (long long)i * inputs;
        double d = 0.0;
        for (int j = 0; j < inputs; j++) {
            const double diff = (double)xs[j] - (double)ci[j];
            d += diff * diff;
        }
        y[idx] = (float)(gaussian ? exp(-d * half_inverse_variance) : d);
    }
}

// ∂E/∂d and the Gauss–Newton curvature with respect to d, per (sample, unit): the output's, times −y/2σ² (and
// (y/2σ²)² for the curvature) for the Gaussian. `hy` and `hd` may be null (no curvature pass).
extern "C" __global__ void rbf_distance_terms(const float* __restrict__ y, const float* __restrict__ gy,
                                              const float* __restrict__ hy, float* __restrict__ gd,
                                              float* __restrict__ hd, long long count, int gaussian,
                                              double half_inverse_variance) {
    for (long long k = first_index(); k < count; k += grid_stride()) {
        if (!gaussian) {
            gd[k] = gy[k];
            if (hd != nullptr) {
                hd[k] = hy[k];
            }
        } else {
            const double f = (double)y[k] * half_inverse_variance;
            gd[k] = (float)(-(double)gy[k] * f);
            if (hd != nullptr) {
                hd[k] = (float)((double)hy[k] * f * f);
            }
        }
    }
}

// The term unit i adds for input j: gradient 2·gd·(x_j − c_ij); curvature 4·hd·(x_j − c_ij)² + 2·max(gd, 0).
__device__ __forceinline__ double rbf_term(double diff, float gd, float hd, int curvature) {
    if (!curvature) {
        return 2.0 * (double)gd * diff;
    }
    const double own = 2.0 * ((double)gd > 0.0 ? (double)gd : 0.0);
    return 4.0 * (double)hd * diff * diff + own;
}

// dx[s][j] = Σ_i term (gradient), or hx[s][j] = Σ_i term (curvature); one thread per (sample, input).
extern "C" __global__ void rbf_backward_input(const float* __restrict__ x, const float* __restrict__ c,
                                              const float* __restrict__ gd, const float* __restrict__ hd,
                                              float* __restrict__ dx, int n, int units, int inputs,
                                              int curvature) {
    const long long total = (long long)n * inputs;
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const long long s = idx / inputs;
        const int j = (int)(idx % inputs);
        const double xv = (double)x[idx];
        double sum = 0.0;
        for (int i = 0; i < units; i++) {
            const double diff = xv - (double)c[(long long)i * inputs + j];
            sum += rbf_term(diff, gd[s * units + i], curvature ? hd[s * units + i] : 0.0f, curvature);
        }
        dx[idx] = (float)sum;
    }
}

// dc[i][j] = −Σ_s term (gradient), or hc[i][j] = Σ_s term (curvature); one thread per centre value.
extern "C" __global__ void rbf_backward_centres(const float* __restrict__ x, const float* __restrict__ c,
                                                const float* __restrict__ gd, const float* __restrict__ hd,
                                                float* __restrict__ dc, int n, int units, int inputs,
                                                int curvature) {
    const long long total = (long long)units * inputs;
    for (long long idx = first_index(); idx < total; idx += grid_stride()) {
        const int i = (int)(idx / inputs);
        const int j = (int)(idx % inputs);
        const double cv = (double)c[idx];
        double sum = 0.0;
        for (int s = 0; s < n; s++) {
            const double diff = (double)x[(long long)s * inputs + j] - cv;
            const long long k = (long long)s * units + i;
            sum += rbf_term(diff, gd[k], curvature ? hd[k] : 0.0f, curvature);
        }
        dc[idx] = (float)(curvature ? sum : -sum);
    }
}
