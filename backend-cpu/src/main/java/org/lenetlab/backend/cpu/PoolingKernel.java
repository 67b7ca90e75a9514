package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max or average pooling over square windows without padding, on NCHW activations: libnd4j's {@code maxpool2d} /
 * {@code avgpool2d} and their {@code _bp} ops for batches above the backend's Java-loop limit, else Java loops (the
 * curvature pass always). Average pooling divides by size²; max pooling routes to the first maximum of a window.
 */
final class PoolingKernel implements LayerKernel {
    /** Which reduction. */
    enum Kind {
        /** Window maximum. */
        MAX("maxpool2d"),
        /** Window mean. */
        AVERAGE("avgpool2d");

        private final String op;

        Kind(String op) {
            this.op = op;
        }
    }

    /** Pooling's padding mode argument: explicit (here zero) padding. */
    private static final int PADDING_EXPLICIT = 0;
    /** avgpool2d's divisor argument: 1 counts padded cells too, so every window divides by size². */
    private static final int DIVISOR_INCLUDES_PADDING = 1;
    /** Pooling's layout argument: 0 is NCHW. */
    private static final int FORMAT_NCHW = 0;

    private final CpuBackend backend;
    private final Kind kind;
    private final int size;
    private final int stride;
    private final int[] args;

    PoolingKernel(CpuBackend backend, Kind kind, int size, int stride) {
        this.backend = backend;
        this.kind = kind;
        this.size = size;
        this.stride = stride;
        this.args = new int[] {size, size, stride, stride, 0, 0, 1, 1, PADDING_EXPLICIT,
            kind == Kind.AVERAGE ? DIVISOR_INCLUDES_PADDING : 0, FORMAT_NCHW};
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        if (backend.javaLoops(input)) {
            Shape in = input.shape();
            Shape out = output.shape();
            double[] x = CpuTensor.of(input).hostRead();
            double[] y = CpuTensor.of(output).hostOverwrite();
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
                        if (kind == Kind.MAX) {
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
            return;
        }
        Ops.custom(kind.op, new INDArray[] {CpuTensor.array(input)}, new INDArray[] {CpuTensor.array(output)}, args);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        if (backend.javaLoops(input)) {
            propagate(input, output, outputGradient, inputGradient, false);
            return;
        }
        Ops.custom(kind.op + "_bp", new INDArray[] {CpuTensor.array(input), CpuTensor.array(outputGradient)},
                new INDArray[] {CpuTensor.array(inputGradient)}, args);
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
        double[] x = kind == Kind.MAX ? CpuTensor.of(input).hostRead() : null;
        double[] g = CpuTensor.of(outputValues).hostRead();
        double[] target = CpuTensor.of(inputValues).hostOverwrite();
        Arrays.fill(target, 0, CpuTensor.of(inputValues).length(), 0.0);
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
                    if (kind == Kind.MAX) {
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
