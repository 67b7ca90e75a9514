// The losses, one thread per row of a [rows][classes] output, in double precision, as the CPU backend's
// SoftmaxCrossEntropyKernel and RbfLossKernel. For each row r < count the kernel writes its loss and prediction into
// results[2r] and results[2r + 1] (the host sums the losses in row order), and, when given, `scale` × the row's
// gradient and curvature; rows from count on get zero gradients and curvatures.
#include "common.cuh"

#define LOSS_SOFTMAX_CROSS_ENTROPY 0
#define LOSS_RBF_DISTANCE 1
#define LOSS_RBF_MAP 2
#define LOSS_RBF_CROSS_ENTROPY 3

// Outputs below this are taken as this in logarithms and divisions (the CPU backend's TINY).
#define TINY 1e-300

extern "C" __global__ void loss_rows(const float* __restrict__ out, const int* __restrict__ labels, int rows,
                                     int count, int classes, int kind, double j, double scale,
                                     float* __restrict__ gradient, float* __restrict__ curvature,
                                     double* __restrict__ results) {
    const int r = (int)first_index();
    if (r >= rows) {
        return;
    }
    const float* y = out + (long long)r * classes;
    float* g = gradient == nullptr ? nullptr : gradient + (long long)r * classes;
    float* h = curvature == nullptr ? nullptr : curvature + (long long)r * classes;
    if (r >= count) {
        for (int i = 0; i < classes; i++) {
            if (g != nullptr) {
                g[i] = 0.0f;
            }
            if (h != nullptr) {
                h[i] = 0.0f;
            }
        }
        return;
    }
    const int label = labels[r];
    // prediction: argmax for softmax and the RBF cross-entropy, argmin for the distances; the first on ties
    const bool smallest = kind == LOSS_RBF_DISTANCE || kind == LOSS_RBF_MAP;
    int best = 0;
    for (int i = 1; i < classes; i++) {
        if (smallest ? y[i] < y[best] : y[i] > y[best]) {
            best = i;
        }
    }
    double loss;
    if (kind == LOSS_SOFTMAX_CROSS_ENTROPY) {
        const double top = (double)y[best];
        double sum = 0.0;
        for (int i = 0; i < classes; i++) {
            sum += exp((double)y[i] - top);
        }
        loss = log(sum) - ((double)y[label] - top);
        for (int i = 0; i < classes; i++) {
            const double p = exp((double)y[i] - top) / sum;
            if (g != nullptr) {
                g[i] = (float)((p - (i == label ? 1.0 : 0.0)) * scale);
            }
            if (h != nullptr) {
                h[i] = (float)(p * (1.0 - p) * scale);
            }
        }
    } else if (kind == LOSS_RBF_DISTANCE) {
        loss = (double)y[label];
        for (int i = 0; i < classes; i++) {
            if (g != nullptr) {
                g[i] = i == label ? (float)scale : 0.0f;
            }
            if (h != nullptr) {
                h[i] = 0.0f;
            }
        }
    } else if (kind == LOSS_RBF_MAP) {
        double top = -j;
        for (int i = 0; i < classes; i++) {
            top = fmax(top, -(double)y[i]);
        }
        double sum = exp(-j - top);
        for (int i = 0; i < classes; i++) {
            sum += exp(-(double)y[i] - top);
        }
        const double log_sum = top + log(sum);
        loss = (double)y[label] + log_sum;
        for (int i = 0; i < classes; i++) {
            const double q = exp(-(double)y[i] - log_sum);
            if (g != nullptr) {
                g[i] = (float)(((i == label ? 1.0 : 0.0) - q) * scale);
            }
            if (h != nullptr) {
                h[i] = (float)(q * (1.0 - q) * scale);
            }
        }
    } else {
        double sum = 0.0;
        for (int i = 0; i < classes; i++) {
            sum += fmax((double)y[i], TINY);
        }
        const double own = fmax((double)y[label], TINY);
        loss = log(sum) - log(own);
        for (int i = 0; i < classes; i++) {
            const double yi = fmax((double)y[i], TINY);
            if (g != nullptr) {
                g[i] = (float)(((i == label ? -1.0 / own : 0.0) + 1.0 / sum) * scale);
            }
            if (h != nullptr) {
                const double p = yi / sum;
                h[i] = (float)(p * (1.0 - p) / (yi * yi) * scale);
            }
        }
    }
    results[2 * (long long)r] = loss;
    results[2 * (long long)r + 1] = (double)best;
}
