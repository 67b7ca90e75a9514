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
 * Max or average pooling in the float32 engine, as float32 Java loops on the engine's {@link Workers}, in fixed
 * units of planes (whatever the thread count); max pooling keeps each window's argmax for the backward pass. Average
 * pooling divides by size²; max pooling routes to the first maximum of a window. The curvature pass runs in float64
 * ({@link Widened#curvature}).
 */
final class FloatPoolingKernel implements LayerKernel {
    private final Float32Kernels engine;
    private final PoolingPlan layer;
    private final PoolingKind kind;
    private final int size;
    private final int stride;
    /** Per output, the input index its window's maximum came from (training passes only). */
    private int[] argmax = new int[0];
    // the call in progress, for the units
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
    private Widened curvature;
    private Pass lastPass = Pass.INFERENCE;

    FloatPoolingKernel(Float32Kernels engine, PoolingPlan layer) {
        this.engine = engine;
        this.layer = layer;
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
        lastPass = pass;
        setUp(input.shape(), output.shape());
        fx = FloatTensor.data(input);
        fy = FloatTensor.data(output);
        keepArgmax = pass.training() && kind == PoolingKind.MAX;
        if (keepArgmax && argmax.length < output.shape().size()) {
            argmax = new int[Math.toIntExact(output.shape().size())];
        }
        engine.workers().run(units(), forwardUnit);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        setUp(input.shape(), output.shape());
        fdy = FloatTensor.data(outputGradient);
        fdx = FloatTensor.data(inputGradient);
        engine.workers().run(units(), backwardUnit);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (curvature == null) {
            curvature = engine.widened(layer, parameters());
        }
        curvature.curvature(input, outputGradient, outputCurvature, inputCurvature, lastPass);
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
                    if (kind == PoolingKind.MAX) {
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
            if (kind == PoolingKind.AVERAGE) {
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
        if (size == 2 && stride == 2 && kind == PoolingKind.AVERAGE) {
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
                    if (kind == PoolingKind.MAX) {
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
