package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ActivationPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An activation in the nd4j backend. ReLU, sigmoid and tanh are libnd4j's ops, with {@code relu_bp},
 * {@code sigmoid_bp} and {@code tanh_bp} backwards. LeCun's scaled tanh A·tanh(S·x), which libnd4j has no op for, is
 * composed: a BLAS scale by S, libnd4j's tanh, a scale by A; its derivative is (S/A)·(A² − y²) from the output.
 * The curvature pass multiplies the output curvature by the derivative squared: f′ from the output for the
 * sigmoid (y(1 − y)) and the tanhs, from {@code relu_bp} on ones for ReLU.
 */
final class Nd4jActivationKernel implements LayerKernel {
    private final ActivationFunction function;
    private final double amplitude;
    private final double slope;
    private final ScratchArrays scratch = new ScratchArrays();
    private final ScratchArrays ones = new ScratchArrays();

    Nd4jActivationKernel(ActivationPlan layer) {
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
        INDArray x = Nd4jTensor.array(input);
        INDArray y = Nd4jTensor.array(output);
        switch (function) {
            case RELU -> Nd4j.exec(new RectifiedLinear(x, y, 0.0));
            case SIGMOID -> Nd4j.exec(new Sigmoid(x, y));
            case TANH -> Nd4j.exec(new Tanh(x, y));
            case SCALED_TANH -> {
                Ops.copy(x, y);
                Ops.scale(slope, y);
                Nd4j.exec(new Tanh(y, y));
                Ops.scale(amplitude, y);
            }
            default -> throw new IllegalStateException("unknown activation " + function);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        INDArray dy = Nd4jTensor.array(outputGradient);
        INDArray dx = Nd4jTensor.array(inputGradient);
        if (function == ActivationFunction.SCALED_TANH) {
            derivative(input, output, dx);
            Nd4j.exec(new MulOp(dx, dy, dx));
            return;
        }
        String op = switch (function) {
            case RELU -> "relu_bp";
            case SIGMOID -> "sigmoid_bp";
            case TANH -> "tanh_bp";
            case SCALED_TANH -> throw new IllegalStateException("the scaled tanh is composed");
        };
        Ops.custom(op, new INDArray[] {Nd4jTensor.array(input), dy}, new INDArray[] {dx});
    }

    /** h_x = f′(x)² · h_y. */
    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature == null) {
            return;
        }
        INDArray hx = Nd4jTensor.array(inputCurvature);
        derivative(input, output, hx);
        Nd4j.exec(new MulOp(hx, hx, hx));
        Nd4j.exec(new MulOp(hx, Nd4jTensor.array(outputCurvature), hx));
    }

    /** Writes f′ at {@code input} (with output {@code output}) into {@code target}. */
    private void derivative(Tensor input, Tensor output, INDArray target) {
        INDArray x = Nd4jTensor.array(input);
        INDArray y = Nd4jTensor.array(output);
        switch (function) {
            case RELU -> {
                INDArray one = ones.get(input.shape(), x.dataType());
                one.assign(1);
                Ops.custom("relu_bp", new INDArray[] {x, one}, new INDArray[] {target});
            }
            case SIGMOID -> {
                // y − y²
                INDArray square = scratch.get(output.shape(), y.dataType());
                Nd4j.exec(new MulOp(y, y, square));
                Ops.copy(y, target);
                Ops.axpy(-1.0, square, target);
            }
            case TANH, SCALED_TANH -> {
                // (S/A)·(A² − y²); 1 − y² for the plain tanh
                double a = function == ActivationFunction.TANH ? 1.0 : amplitude;
                double s = function == ActivationFunction.TANH ? 1.0 : slope;
                Nd4j.exec(new MulOp(y, y, target));
                target.rsubi(a * a);
                Ops.scale(s / a, target);
            }
            default -> throw new IllegalStateException("unknown activation " + function);
        }
    }
}
