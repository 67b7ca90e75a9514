package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.SubsamplingPlan;

/**
 * LeCun et al.'s trainable subsampling as Java loops in float64 (the float32 engine widens to these): y = a_c · Σ_window x + b_c per channel c. The curvature pass
 * uses the window sums squared for a_c and a_c² for the inputs.
 */
final class SubsamplingKernel implements LayerKernel {
    private final Parameter coefficient;
    private final Parameter bias;
    private final int size;
    private final int stride;
    private final int channels;
    private final int height;
    private final int width;
    private final int outHeight;
    private final int outWidth;

    SubsamplingKernel(Float64Kernels engine, SubsamplingPlan layer) {
        this.coefficient = engine.parameter(layer.coefficient());
        this.bias = engine.parameter(layer.bias());
        this.size = layer.size();
        this.stride = layer.stride();
        Shape in = layer.input();
        Shape out = layer.output();
        this.channels = in.dim(0);
        this.height = in.dim(1);
        this.width = in.dim(2);
        this.outHeight = out.dim(1);
        this.outWidth = out.dim(2);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(coefficient, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        int n = input.shape().dim(0);
        double[] x = DoubleTensor.data(input);
        double[] y = DoubleTensor.data(output);
        double[] a = DoubleTensor.data(coefficient.value());
        double[] b = DoubleTensor.data(bias.value());
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int plane = (s * channels + c) * height * width;
                int yo = (s * channels + c) * outHeight * outWidth;
                double ac = a[c];
                double bc = b[c];
                for (int i = 0; i < outHeight; i++) {
                    for (int j = 0; j < outWidth; j++) {
                        y[yo + i * outWidth + j] = ac * windowSum(x, plane + i * stride * width + j * stride) + bc;
                    }
                }
            }
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(input, outputGradient, coefficient.gradient(), bias.gradient(), inputGradient, false);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(input, outputCurvature, coefficient.curvature(), bias.curvature(), inputCurvature, true);
    }

    /**
     * da_c = Σ dy·(window sum), db_c = Σ dy, dx = a_c·dy on each window input; with {@code squared}, the same with
     * the window sums and a_c squared.
     */
    private void propagate(Tensor input, Tensor outputValues, Tensor coefficientTarget, Tensor biasTarget,
                           Tensor inputTarget, boolean squared) {
        int n = input.shape().dim(0);
        double[] x = DoubleTensor.data(input);
        double[] g = DoubleTensor.data(outputValues);
        double[] a = DoubleTensor.data(coefficient.value());
        double[] da = DoubleTensor.data(coefficientTarget);
        double[] db = DoubleTensor.data(biasTarget);
        double[] dx = inputTarget == null ? null : DoubleTensor.data(inputTarget);
        Arrays.fill(da, 0, channels, 0.0);
        Arrays.fill(db, 0, channels, 0.0);
        if (dx != null) {
            Arrays.fill(dx, 0, n * channels * height * width, 0.0);
        }
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int plane = (s * channels + c) * height * width;
                int yo = (s * channels + c) * outHeight * outWidth;
                double factor = squared ? a[c] * a[c] : a[c];
                double sumA = 0;
                double sumB = 0;
                for (int i = 0; i < outHeight; i++) {
                    for (int j = 0; j < outWidth; j++) {
                        double gij = g[yo + i * outWidth + j];
                        int top = plane + i * stride * width + j * stride;
                        double sum = windowSum(x, top);
                        sumA += gij * (squared ? sum * sum : sum);
                        sumB += gij;
                        if (dx != null && size == 2) {
                            double share = factor * gij;
                            dx[top] += share;
                            dx[top + 1] += share;
                            dx[top + width] += share;
                            dx[top + width + 1] += share;
                        } else if (dx != null) {
                            double share = factor * gij;
                            for (int u = 0; u < size; u++) {
                                for (int v = 0; v < size; v++) {
                                    dx[top + u * width + v] += share;
                                }
                            }
                        }
                    }
                }
                da[c] += sumA;
                db[c] += sumB;
            }
        }
    }

    private double windowSum(double[] x, int top) {
        if (size == 2) {
            return x[top] + x[top + 1] + x[top + width] + x[top + width + 1];
        }
        double sum = 0;
        for (int u = 0; u < size; u++) {
            for (int v = 0; v < size; v++) {
                sum += x[top + u * width + v];
            }
        }
        return sum;
    }
}
