package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.PoolingKind;
import org.lenetlab.plan.PoolingPlan;
import org.lenetlab.plan.Shape;

/**
 * Max or average pooling in the float64 engine, as Java loops. Average pooling divides by size²; max pooling routes
 * to the first maximum of a window. The curvature pass routes the output curvature the same way (average pooling
 * with the factor squared).
 */
final class DoublePoolingKernel implements LayerKernel {
    private final PoolingKind kind;
    private final int size;
    private final int stride;

    DoublePoolingKernel(PoolingPlan layer) {
        this.kind = layer.kind();
        this.size = layer.size();
        this.stride = layer.stride();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Shape in = input.shape();
        Shape out = output.shape();
        double[] x = DoubleTensor.data(input);
        double[] y = DoubleTensor.data(output);
        int planes = in.dim(0) * in.dim(1);
        int h = in.dim(2);
        int w = in.dim(3);
        int oh = out.dim(2);
        int ow = out.dim(3);
        double scale = 1.0 / (size * size);
        for (int plane = 0; plane < planes; plane++) {
            int xo = plane * h * w;
            int yo = plane * oh * ow;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int top = xo + i * stride * w + j * stride;
                    double value;
                    if (kind == PoolingKind.MAX) {
                        value = x[top];
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                value = Math.max(value, x[top + u * w + v]);
                            }
                        }
                    } else {
                        double sum = 0;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                sum += x[top + u * w + v];
                            }
                        }
                        value = sum * scale;
                    }
                    y[yo + i * ow + j] = value;
                }
            }
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient != null) {
            propagate(input, output, outputGradient, inputGradient, false);
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            propagate(input, output, outputCurvature, inputCurvature, true);
        }
    }

    /** Routes each output's gradient (or, {@code squared}, curvature) back to the window's inputs. */
    private void propagate(Tensor input, Tensor output, Tensor outputValues, Tensor inputValues, boolean squared) {
        Shape in = input.shape();
        Shape out = output.shape();
        double[] x = DoubleTensor.data(input);
        double[] g = DoubleTensor.data(outputValues);
        double[] target = DoubleTensor.data(inputValues);
        Arrays.fill(target, 0.0);
        int planes = in.dim(0) * in.dim(1);
        int h = in.dim(2);
        int w = in.dim(3);
        int oh = out.dim(2);
        int ow = out.dim(3);
        double scale = 1.0 / (size * size);
        double factor = squared ? scale * scale : scale;
        for (int plane = 0; plane < planes; plane++) {
            int xo = plane * h * w;
            int yo = plane * oh * ow;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int top = xo + i * stride * w + j * stride;
                    double gij = g[yo + i * ow + j];
                    if (kind == PoolingKind.MAX) {
                        int best = top;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                if (x[top + u * w + v] > x[best]) {
                                    best = top + u * w + v;
                                }
                            }
                        }
                        target[best] += gij;
                    } else {
                        double share = gij * factor;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                target[top + u * w + v] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}
