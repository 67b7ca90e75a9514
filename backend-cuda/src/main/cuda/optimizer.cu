// Parameter updates, one launch per step over every trainable parameter: `values`, `gradients` (and `curvatures`)
// are device arrays of pointers to each parameter's tensor, `offsets` the prefix sums of their lengths
// (offsets[0] = 0, offsets[count] = total). Optimizer state (velocities, moments, curvature sums) is one flat
// buffer indexed by the same flat position. Semantics as core's OptimizerPlan documents them (and as the CPU
// backend's FloatUpdaters and SdlmUpdater).
#include "common.cuh"

// The parameter holding flat position `at`.
__device__ __forceinline__ int parameter_of(const long long* offsets, int count, long long at) {
    int p = 0;
    while (p + 1 < count && at >= offsets[p + 1]) {
        p++;
    }
    return p;
}

// SGD, PyTorch semantics: with momentum v = μ·v + g + wd·p, p −= lr·v; without, p = p·(1 − lr·wd) − lr·g.
extern "C" __global__ void sgd_step(float* const* values, const float* const* gradients,
                                    const long long* __restrict__ offsets, int count, float* __restrict__ velocity,
                                    float learning_rate, float momentum, float weight_decay, int use_momentum) {
    const long long total = offsets[count];
    for (long long at = first_index(); at < total; at += grid_stride()) {
        const int p = parameter_of(offsets, count, at);
        const long long i = at - offsets[p];
        float* value = values[p] + i;
        const float g = gradients[p][i];
        if (use_momentum) {
            float v = velocity[at] * momentum + g;
            if (weight_decay != 0.0f) {
                v += weight_decay * *value;
            }
            velocity[at] = v;
            *value -= learning_rate * v;
        } else {
            float w = *value;
            if (weight_decay != 0.0f) {
                w *= 1.0f - learning_rate * weight_decay;
            }
            *value = w - learning_rate * g;
        }
    }
}

// Adam, PyTorch semantics, in the CPU backend's form: s = g + wd·p; m = β1·m + (1−β1)·s; v = β2·v + (1−β2)·s²;
// p −= step_size · m / (sqrt(v) + shifted_epsilon), step_size = lr·sqrt(1−β2^t)/(1−β1^t),
// shifted_epsilon = ε·sqrt(1−β2^t) (OptimizerPlan.Adam's stepSize and shiftedEpsilon, on the host in double).
extern "C" __global__ void adam_step(float* const* values, const float* const* gradients,
                                     const long long* __restrict__ offsets, int count, float* __restrict__ first,
                                     float* __restrict__ second, float beta1, float beta2, float step_size,
                                     float shifted_epsilon, float weight_decay) {
    const long long total = offsets[count];
    for (long long at = first_index(); at < total; at += grid_stride()) {
        const int p = parameter_of(offsets, count, at);
        const long long i = at - offsets[p];
        float* value = values[p] + i;
        float s = gradients[p][i];
        if (weight_decay != 0.0f) {
            s += weight_decay * *value;
        }
        const float m = beta1 * first[at] + (1.0f - beta1) * s;
        const float v = beta2 * second[at] + (1.0f - beta2) * (s * s);
        first[at] = m;
        second[at] = v;
        *value -= step_size * (m / (sqrtf(v) + shifted_epsilon));
    }
}

// SDLM: sums += samples · curvature (in double).
extern "C" __global__ void sdlm_accumulate(const float* const* curvatures, const long long* __restrict__ offsets,
                                           int count, double* __restrict__ sums, double samples) {
    const long long total = offsets[count];
    for (long long at = first_index(); at < total; at += grid_stride()) {
        const int p = parameter_of(offsets, count, at);
        sums[at] += samples * (double)curvatures[p][at - offsets[p]];
    }
}

// SDLM: inverse = 1 / (μ + max(sums / samples, 0)).
extern "C" __global__ void sdlm_finish(const double* __restrict__ sums, double* __restrict__ inverse,
                                       long long total, double per_sample, double mu) {
    for (long long at = first_index(); at < total; at += grid_stride()) {
        inverse[at] = 1.0 / (mu + fmax(sums[at] * per_sample, 0.0));
    }
}

// SDLM step: p −= η · inverse · (g + wd·p), in double, rounded to float once.
extern "C" __global__ void sdlm_step(float* const* values, const float* const* gradients,
                                     const long long* __restrict__ offsets, int count,
                                     const double* __restrict__ inverse, double eta, double weight_decay) {
    const long long total = offsets[count];
    for (long long at = first_index(); at < total; at += grid_stride()) {
        const int p = parameter_of(offsets, count, at);
        const long long i = at - offsets[p];
        float* value = values[p] + i;
        const double w = (double)*value;
        const double g = (double)gradients[p][i];
        *value = (float)(w - eta * inverse[at] * (g + weight_decay * w));
    }
}
