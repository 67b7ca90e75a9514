package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationPlan;

/**
 * An element-wise activation ({@code elementwise.cu}): ReLU, sigmoid, tanh or the scaled tanh A·tanh(S·x). The
 * curvature pass multiplies by f′(x)², the Gauss–Newton approximation that drops f″.
 */
final class ActivationKernel implements LayerKernel {
    private final CudaDevice device;
    /** The function's number in elementwise.cu (ACT_RELU ..). */
    private final int function;
    private final float amplitude;
    private final float slope;

    ActivationKernel(CudaKernels kernels, ActivationPlan plan) {
        this.device = kernels.gpu();
        this.function = switch (plan.function()) {
            case RELU -> 0;
            case SIGMOID -> 1;
            case TANH -> 2;
            case SCALED_TANH -> 3;
        };
        this.amplitude = (float) plan.amplitude();
        this.slope = (float) plan.slope();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        long count = CudaTensor.of(input).length();
        device.launchOver(DeviceFunction.ACTIVATION_FORWARD, count, CudaTensor.pointer(input),
                CudaTensor.pointer(output), count, function, amplitude, slope);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(input, output, outputGradient, inputGradient, 0);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(input, output, outputCurvature, inputCurvature, 1);
    }

    private void propagate(Tensor input, Tensor output, Tensor outputValues, Tensor inputTarget, int squared) {
        if (inputTarget == null) {
            return;
        }
        long count = CudaTensor.of(input).length();
        device.launchOver(DeviceFunction.ACTIVATION_BACKWARD, count, CudaTensor.pointer(input),
                CudaTensor.pointer(output), CudaTensor.pointer(outputValues), CudaTensor.pointer(inputTarget), count,
                function, amplitude, slope, squared);
    }
}
