package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max or average pooling over square windows without padding, on NCHW activations: libnd4j's {@code maxpool2d} /
 * {@code avgpool2d} and their {@code _bp} ops for batches above the backend's Java-loop limit, else Java loops (the
 * curvature pass always). Float32 batches above that limit run as float32 Java loops on the backend's {@link Workers},
 * fixed units of planes each; max pooling then keeps each window's argmax for the backward pass. Average pooling
 * divides by size²; max pooling routes to the first maximum of a window.
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
    /** Float32 path: per output, the input index its window's maximum came from (training passes only). */
    private int[] argmax = new int[0];
    // the float32 call in progress, for the units
    private float[] fx;
    private float[] fy;
    private float[] fdy;
    private float[] fdx;
    private boolean keepArgmax;
    private int fh;
    private int fw;
    private int foh;
    private int fow;
    private int fplanes;
    private final Workers.Task forwardUnit = this::forwardPlanes;
    private final Workers.Task backwardUnit = this::backwardPlanes;

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
        if (backend.floatKernels(input)) {
            setUp(input.shape(), output.shape());
            fx = CpuTensor.of(input).floatsRead();
            fy = CpuTensor.of(output).floatsOverwrite();
            keepArgmax = pass.training() && kind == Kind.MAX;
            if (keepArgmax && argmax.length < output.shape().size()) {
                argmax = new int[Math.toIntExact(output.shape().size())];
            }
            backend.workers().run(units(), forwardUnit);
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
        if (backend.floatKernels(input)) {
            setUp(input.shape(), output.shape());
            fdy = CpuTensor.of(outputGradient).floatsRead();
            fdx = CpuTensor.of(inputGradient).floatsOverwrite();
            backend.workers().run(units(), backwardUnit);
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

    private void setUp(Shape in, Shape out) {
        fplanes = in.dim(0) * in.dim(1);
        fh = in.dim(2);
        fw = in.dim(3);
        foh = out.dim(2);
        fow = out.dim(3);
    }

    /** Fixed units of {@link FloatConvolution#CHUNK} planes' worth of samples, whatever the thread count. */
    private int units() {
        return (fplanes + PLANES_PER_UNIT - 1) / PLANES_PER_UNIT;
    }

    private static final int PLANES_PER_UNIT = 64;

    private void forwardPlanes(int unit, int worker) {
        int end = Math.min(fplanes, (unit + 1) * PLANES_PER_UNIT);
        if (size == 2 && stride == 2) {
            for (int plane = unit * PLANES_PER_UNIT; plane < end; plane++) {
                pool2(plane);
            }
            return;
        }
        float scale = 1f / (size * size);
        for (int plane = unit * PLANES_PER_UNIT; plane < end; plane++) {
            int xo = plane * fh * fw;
            int yo = plane * foh * fow;
            for (int i = 0; i < foh; i++) {
                for (int j = 0; j < fow; j++) {
                    int top = xo + i * stride * fw + j * stride;
                    if (kind == Kind.MAX) {
                        int best = top;
                        float value = fx[top];
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                float candidate = fx[top + u * fw + v];
                                if (candidate > value) {
                                    value = candidate;
                                    best = top + u * fw + v;
                                }
                            }
                        }
                        fy[yo + i * fow + j] = value;
                        if (keepArgmax) {
                            argmax[yo + i * fow + j] = best;
                        }
                    } else {
                        float sum = 0f;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                sum += fx[top + u * fw + v];
                            }
                        }
                        fy[yo + i * fow + j] = sum * scale;
                    }
                }
            }
        }
    }

    /** 2×2 pooling with stride 2 of one plane: the common case, without the general loops' inner loops. */
    private void pool2(int plane) {
        float[] x = fx;
        float[] y = fy;
        int w = fw;
        int xo = plane * fh * w;
        int yo = plane * foh * fow;
        for (int i = 0; i < foh; i++) {
            int top = xo + 2 * i * w;
            int out = yo + i * fow;
            if (kind == Kind.AVERAGE) {
                for (int j = 0; j < fow; j++) {
                    int t = top + 2 * j;
                    y[out + j] = (x[t] + x[t + 1] + x[t + w] + x[t + w + 1]) * 0.25f;
                }
            } else if (keepArgmax) {
                // branch-free: on activations the comparisons are coin flips, and mispredicted branches made this
                // loop five times slower (strict comparisons keep the first maximum in window order)
                for (int j = 0; j < fow; j++) {
                    int t = top + 2 * j;
                    float a = x[t];
                    float b = x[t + 1];
                    float c = x[t + w];
                    float d = x[t + w + 1];
                    int first = t + greater(b, a);
                    int second = t + w + greater(d, c);
                    float top2 = Math.max(a, b);
                    float bottom2 = Math.max(c, d);
                    y[out + j] = Math.max(top2, bottom2);
                    argmax[out + j] = first + greater(bottom2, top2) * (second - first);
                }
            } else {
                for (int j = 0; j < fow; j++) {
                    int t = top + 2 * j;
                    y[out + j] = Math.max(Math.max(x[t], x[t + 1]), Math.max(x[t + w], x[t + w + 1]));
                }
            }
        }
    }

    /**
     * 1 if {@code u > v}, else 0, without a branch: the sign of {@code v − u}, which is exact in its sign for finite
     * values (a difference of distinct floats is never rounded to zero).
     */
    private static int greater(float u, float v) {
        return Float.floatToRawIntBits(v - u) >>> 31;
    }

    private void backwardPlanes(int unit, int worker) {
        int first = unit * PLANES_PER_UNIT;
        int end = Math.min(fplanes, (unit + 1) * PLANES_PER_UNIT);
        Arrays.fill(fdx, first * fh * fw, end * fh * fw, 0f);
        float scale = 1f / (size * size);
        if (size == 2 && stride == 2 && kind == Kind.AVERAGE) {
            for (int plane = first; plane < end; plane++) {
                int xo = plane * fh * fw;
                int yo = plane * foh * fow;
                for (int i = 0; i < foh; i++) {
                    int top = xo + 2 * i * fw;
                    int out = yo + i * fow;
                    for (int j = 0; j < fow; j++) {
                        int t = top + 2 * j;
                        float share = fdy[out + j] * 0.25f;
                        fdx[t] = share;
                        fdx[t + 1] = share;
                        fdx[t + fw] = share;
                        fdx[t + fw + 1] = share;
                    }
                }
            }
            return;
        }
        for (int plane = first; plane < end; plane++) {
            int xo = plane * fh * fw;
            int yo = plane * foh * fow;
            for (int i = 0; i < foh; i++) {
                for (int j = 0; j < fow; j++) {
                    float g = fdy[yo + i * fow + j];
                    if (kind == Kind.MAX) {
                        fdx[argmax[yo + i * fow + j]] += g;
                    } else {
                        int top = xo + i * stride * fw + j * stride;
                        float share = g * scale;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                fdx[top + u * fw + v] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}
