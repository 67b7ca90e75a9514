package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ActivationPlan;

/**
 * An element-wise activation in the float64 engine, as Java loops. The curvature pass multiplies by f′(x)², the
 * Gauss–Newton approximation that drops f″.
 */
final class DoubleActivationKernel implements LayerKernel {
    private final ActivationFunction function;
    private final double amplitude;
    private final double slope;

    DoubleActivationKernel(ActivationPlan layer) {
        this.function = layer.function();
        this.amplitude = layer.amplitude();
        this.slope = layer.slope();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        double[] x = DoubleTensor.data(input);
        double[] y = DoubleTensor.data(output);
        int n = x.length;
        switch (function) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    y[i] = x[i] > 0 ? x[i] : 0.0;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    y[i] = DoubleMath.sigmoid(x[i]);
                }
            }
            case TANH -> DoubleMath.scaledTanh(1.0, 1.0, x, y, n);
            case SCALED_TANH -> DoubleMath.scaledTanh(amplitude, slope, x, y, n);
            default -> throw new IllegalStateException("unknown activation " + function);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient != null) {
            propagate(input, output, DoubleTensor.data(outputGradient), DoubleTensor.data(inputGradient), false);
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            propagate(input, output, DoubleTensor.data(outputCurvature), DoubleTensor.data(inputCurvature), true);
        }
    }

    /** dx = f′(x)·dy, or with {@code squared} hx = f′(x)²·hy; f′ from the output where that is cheaper. */
    private void propagate(Tensor input, Tensor output, double[] g, double[] target, boolean squared) {
        int n = g.length;
        switch (function) {
            case RELU -> {
                double[] x = DoubleTensor.data(input);
                for (int i = 0; i < n; i++) {
                    target[i] = x[i] > 0 ? g[i] : 0.0;
                }
            }
            case SIGMOID -> {
                double[] y = DoubleTensor.data(output);
                for (int i = 0; i < n; i++) {
                    double d = y[i] * (1 - y[i]);
                    target[i] = (squared ? d * d : d) * g[i];
                }
            }
            case TANH -> {
                double[] y = DoubleTensor.data(output);
                for (int i = 0; i < n; i++) {
                    double d = 1 - y[i] * y[i];
                    target[i] = (squared ? d * d : d) * g[i];
                }
            }
            case SCALED_TANH -> {
                double[] y = DoubleTensor.data(output);
                double as = amplitude * slope;
                double inverse = 1 / amplitude;
                for (int i = 0; i < n; i++) {
                    double t = y[i] * inverse;
                    double d = as * (1 - t * t);
                    target[i] = (squared ? d * d : d) * g[i];
                }
            }
            default -> throw new IllegalStateException("unknown activation " + function);
        }
    }
}
