package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.SubsamplingPlan;

/**
 * LeCun et al.'s trainable subsampling y = a_c · Σ_window x + b_c ({@code pooling.cu}); the curvature pass uses
 * the window sums squared for a_c and a_c² for the inputs.
 */
final class SubsamplingKernel implements LayerKernel {
    private final CudaDevice device;
    private final Parameter coefficient;
    private final Parameter bias;
    private final int size;
    private final int stride;
    private final int channels;

    SubsamplingKernel(CudaKernels kernels, SubsamplingPlan plan) {
        this.device = kernels.gpu();
        this.coefficient = kernels.parameter(plan.coefficient());
        this.bias = kernels.parameter(plan.bias());
        this.size = plan.size();
        this.stride = plan.stride();
        this.channels = plan.input().dim(0);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(coefficient, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        device.launchOver(DeviceFunction.SUBSAMPLE_FORWARD, CudaTensor.of(output).length(), CudaTensor.pointer(input),
                CudaTensor.pointer(coefficient.value()), CudaTensor.pointer(bias.value()), CudaTensor.pointer(output),
                WindowGeometry.of(input.shape(), output.shape(), size, stride), channels);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(input, output, outputGradient, coefficient.gradient(), bias.gradient(), inputGradient, 0);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(input, output, outputCurvature, coefficient.curvature(), bias.curvature(), inputCurvature, 1);
    }

    private void propagate(Tensor input, Tensor output, Tensor outputValues, Tensor coefficientTarget,
                           Tensor biasTarget, Tensor inputTarget, int squared) {
        int[] g = WindowGeometry.of(input.shape(), output.shape(), size, stride);
        device.launchBlocks(DeviceFunction.SUBSAMPLE_BACKWARD_PARAMS, channels, CudaTensor.pointer(input),
                CudaTensor.pointer(outputValues), CudaTensor.pointer(coefficientTarget), CudaTensor.pointer(biasTarget),
                g, channels, squared);
        if (inputTarget != null) {
            device.launchOver(DeviceFunction.SUBSAMPLE_BACKWARD_INPUT, CudaTensor.of(inputTarget).length(),
                    CudaTensor.pointer(coefficient.value()), CudaTensor.pointer(outputValues),
                    CudaTensor.pointer(inputTarget), g, channels, squared);
        }
    }
}
