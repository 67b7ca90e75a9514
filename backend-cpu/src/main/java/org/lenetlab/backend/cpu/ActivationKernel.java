package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.spec.ActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/** An element-wise activation; the backward pass uses libnd4j's {@code relu_bp}, {@code sigmoid_bp}, {@code tanh_bp}. */
final class ActivationKernel implements LayerKernel {
    private final ActivationFunction function;

    ActivationKernel(ActivationFunction function) {
        this.function = function;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
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
        String op = switch (function) {
            case RELU -> "relu_bp";
            case SIGMOID -> "sigmoid_bp";
            case TANH -> "tanh_bp";
        };
        Ops.custom(op, new INDArray[] {CpuTensor.array(input), CpuTensor.array(outputGradient)},
                new INDArray[] {CpuTensor.array(inputGradient)});
    }
}
