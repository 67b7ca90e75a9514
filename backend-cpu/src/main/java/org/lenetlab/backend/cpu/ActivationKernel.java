package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.spec.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An element-wise activation. ReLU, sigmoid and tanh run libnd4j's ops ({@code relu_bp}, {@code sigmoid_bp},
 * {@code tanh_bp} backwards) for batches above the backend's Java-loop limit; smaller batches, the scaled tanh
 * A·tanh(S·x) and every curvature pass run as Java loops. The curvature pass multiplies by f′(x)², the Gauss–Newton
 * approximation that drops f″.
 */
final class ActivationKernel implements LayerKernel {
    private final CpuBackend backend;
    private final ActivationFunction function;
    private final double amplitude;
    private final double slope;

    ActivationKernel(CpuBackend backend, ActivationSpec spec) {
        this.backend = backend;
        this.function = spec.function();
        this.amplitude = spec.amplitude() == null ? 1 : spec.amplitude();
        this.slope = spec.slope() == null ? 1 : spec.slope();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    private boolean onHost(Tensor input) {
        return function == ActivationFunction.SCALED_TANH || backend.javaLoops(input);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        if (onHost(input)) {
            double[] x = CpuTensor.of(input).hostRead();
            double[] y = CpuTensor.of(output).hostOverwrite();
            int n = CpuTensor.of(input).length();
            switch (function) {
                case RELU -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = x[i] > 0 ? x[i] : 0.0;
                    }
                }
                case SIGMOID -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = Host.sigmoid(x[i]);
                    }
                }
                case TANH -> Host.scaledTanh(1.0, 1.0, x, y, n);
                case SCALED_TANH -> Host.scaledTanh(amplitude, slope, x, y, n);
                default -> throw new IllegalStateException("unknown activation " + function);
            }
            return;
        }
        INDArray x = CpuTensor.array(input);
        INDArray y = CpuTensor.array(output);
        switch (function) {
            case RELU -> Nd4j.exec(new RectifiedLinear(x, y, 0.0));
            case SIGMOID -> Nd4j.exec(new Sigmoid(x, y));
            case TANH -> Nd4j.exec(new Tanh(x, y));
            default -> throw new IllegalStateException("unknown activation " + function);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        if (onHost(input)) {
            propagate(input, output, CpuTensor.of(outputGradient).hostRead(), CpuTensor.of(inputGradient).hostOverwrite(),
                    false);
            return;
        }
        String op = switch (function) {
            case RELU -> "relu_bp";
            case SIGMOID -> "sigmoid_bp";
            case TANH -> "tanh_bp";
            case SCALED_TANH -> throw new IllegalStateException("scaled tanh runs in Java");
        };
        Ops.custom(op, new INDArray[] {CpuTensor.array(input), CpuTensor.array(outputGradient)},
                new INDArray[] {CpuTensor.array(inputGradient)});
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            propagate(input, output, CpuTensor.of(outputCurvature).hostRead(),
                    CpuTensor.of(inputCurvature).hostOverwrite(), true);
        }
    }

    /** dx = f′(x)·dy, or with {@code squared} hx = f′(x)²·hy; f′ from the output where that is cheaper. */
    private void propagate(Tensor input, Tensor output, double[] g, double[] target, boolean squared) {
        int n = CpuTensor.of(input).length();
        switch (function) {
            case RELU -> {
                double[] x = CpuTensor.of(input).hostRead();
                for (int i = 0; i < n; i++) {
                    target[i] = x[i] > 0 ? g[i] : 0.0;
                }
            }
            case SIGMOID -> {
                double[] y = CpuTensor.of(output).hostRead();
                for (int i = 0; i < n; i++) {
                    double d = y[i] * (1 - y[i]);
                    target[i] = (squared ? d * d : d) * g[i];
                }
            }
            case TANH -> {
                double[] y = CpuTensor.of(output).hostRead();
                for (int i = 0; i < n; i++) {
                    double d = 1 - y[i] * y[i];
                    target[i] = (squared ? d * d : d) * g[i];
                }
            }
            case SCALED_TANH -> {
                double[] y = CpuTensor.of(output).hostRead();
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
