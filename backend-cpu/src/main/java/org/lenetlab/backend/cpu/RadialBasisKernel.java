package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.RbfPlan;

/**
 * RBF units as Java loops in float64 (the float32 engine widens to these): d_i = Σ_j (x_j − c_ij)², output d_i (Euclidean) or exp(−d_i / 2σ²) (Gaussian). The
 * centres get gradients whether or not they are trainable (the updater skips fixed ones).
 *
 * <p>Curvature: the Gaussian's exponential is handled as an activation (its f″ term dropped); d is quadratic in x
 * and c with second derivative 2, and that term, weighted by the gradient ∂E/∂d_i, is kept where the gradient is
 * positive: for LeNet-5's loss (eq. 8) it is the whole second derivative, 2 for the correct class's unit.
 */
final class RadialBasisKernel implements LayerKernel {
    private final Parameter centres;
    private final int units;
    private final int inputs;
    private final boolean gaussian;
    private final double halfInverseVariance;
    private double[] dd = new double[0];
    private double[] hd = new double[0];

    RadialBasisKernel(Float64Kernels engine, RbfPlan layer) {
        this.centres = engine.parameter(layer.centres());
        this.units = layer.units();
        this.inputs = layer.input().dim(0);
        this.gaussian = layer.function() == RbfFunction.GAUSSIAN;
        this.halfInverseVariance = gaussian ? 1.0 / (2 * layer.sigma() * layer.sigma()) : 0;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(centres);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        int n = input.shape().dim(0);
        double[] x = DoubleTensor.data(input);
        double[] c = DoubleTensor.data(centres.value());
        double[] y = DoubleTensor.data(output);
        for (int s = 0; s < n; s++) {
            int xo = s * inputs;
            for (int i = 0; i < units; i++) {
                int co = i * inputs;
                double d = 0;
                for (int j = 0; j < inputs; j++) {
                    double diff = x[xo + j] - c[co + j];
                    d += diff * diff;
                }
                y[s * units + i] = gaussian ? Math.exp(-d * halfInverseVariance) : d;
            }
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        int n = input.shape().dim(0);
        double[] x = DoubleTensor.data(input);
        double[] c = DoubleTensor.data(centres.value());
        double[] d = distanceGradients(output, outputGradient, n);
        double[] dc = DoubleTensor.data(centres.gradient());
        double[] dx = inputGradient == null ? null : DoubleTensor.data(inputGradient);
        Arrays.fill(dc, 0, units * inputs, 0.0);
        for (int s = 0; s < n; s++) {
            int xo = s * inputs;
            if (dx != null) {
                Arrays.fill(dx, xo, xo + inputs, 0.0);
            }
            for (int i = 0; i < units; i++) {
                double gi = 2 * d[s * units + i];
                if (gi == 0) {
                    continue;
                }
                int co = i * inputs;
                for (int j = 0; j < inputs; j++) {
                    double g = gi * (x[xo + j] - c[co + j]);
                    dc[co + j] -= g;
                    if (dx != null) {
                        dx[xo + j] += g;
                    }
                }
            }
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        int n = input.shape().dim(0);
        double[] x = DoubleTensor.data(input);
        double[] c = DoubleTensor.data(centres.value());
        double[] g = distanceGradients(output, outputGradient, n).clone();
        double[] h = distanceCurvatures(output, outputCurvature, n);
        double[] hc = DoubleTensor.data(centres.curvature());
        double[] hx = inputCurvature == null ? null : DoubleTensor.data(inputCurvature);
        Arrays.fill(hc, 0, units * inputs, 0.0);
        for (int s = 0; s < n; s++) {
            int xo = s * inputs;
            if (hx != null) {
                Arrays.fill(hx, xo, xo + inputs, 0.0);
            }
            for (int i = 0; i < units; i++) {
                double own = 2 * Math.max(g[s * units + i], 0.0);
                double hi = 4 * h[s * units + i];
                if (own == 0 && hi == 0) {
                    continue;
                }
                int co = i * inputs;
                for (int j = 0; j < inputs; j++) {
                    double diff = x[xo + j] - c[co + j];
                    double value = hi * diff * diff + own;
                    hc[co + j] += value;
                    if (hx != null) {
                        hx[xo + j] += value;
                    }
                }
            }
        }
    }

    /** ∂E/∂d for every output: the output gradient, times −y/2σ² for the Gaussian. */
    private double[] distanceGradients(Tensor output, Tensor outputGradient, int n) {
        double[] gy = DoubleTensor.data(outputGradient);
        if (!gaussian) {
            return gy;
        }
        double[] y = DoubleTensor.data(output);
        int count = n * units;
        if (dd.length < count) {
            dd = new double[count];
        }
        for (int k = 0; k < count; k++) {
            dd[k] = -gy[k] * y[k] * halfInverseVariance;
        }
        return dd;
    }

    /** The Gauss–Newton curvature with respect to d: the output curvature, times (y/2σ²)² for the Gaussian. */
    private double[] distanceCurvatures(Tensor output, Tensor outputCurvature, int n) {
        double[] hy = DoubleTensor.data(outputCurvature);
        if (!gaussian) {
            return hy;
        }
        double[] y = DoubleTensor.data(output);
        int count = n * units;
        if (hd.length < count) {
            hd = new double[count];
        }
        for (int k = 0; k < count; k++) {
            double f = y[k] * halfInverseVariance;
            hd[k] = hy[k] * f * f;
        }
        return hd;
    }
}
