package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/** ReLU, sigmoid or tanh in the ND4J reference engine: libnd4j's ops, with {@code relu_bp}, {@code sigmoid_bp} and {@code tanh_bp} backwards. */
final class Nd4jActivationKernel implements LayerKernel {
    private final ActivationFunction function;

    Nd4jActivationKernel(ActivationFunction function) {
        if (function == ActivationFunction.SCALED_TANH) {
            throw new IllegalArgumentException("libnd4j has no scaled tanh");
        }
        this.function = function;
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
            default -> throw new IllegalStateException("unknown activation " + function);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        String op = switch (function) {
            case RELU -> "relu_bp";
            case SIGMOID -> "sigmoid_bp";
            case TANH -> "tanh_bp";
            case SCALED_TANH -> throw new IllegalStateException("libnd4j has no scaled tanh");
        };
        Ops.custom(op, new INDArray[] {Nd4jTensor.array(input), Nd4jTensor.array(outputGradient)},
                new INDArray[] {Nd4jTensor.array(inputGradient)});
    }
}
