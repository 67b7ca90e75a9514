package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.PoolingKind;
import org.lenetlab.plan.PoolingPlan;

/**
 * Max or average pooling over square windows without padding ({@code pooling.cu}). Max pooling routes each
 * window's gradient to its first maximum in row-major order, found again from the input in the backward pass, so
 * nothing is kept between passes; average pooling divides by size² (size⁴ for curvatures).
 */
final class PoolingKernel implements LayerKernel {
    private final CudaDevice device;
    private final boolean max;
    private final int size;
    private final int stride;

    PoolingKernel(CudaKernels kernels, PoolingPlan plan) {
        this.device = kernels.gpu();
        this.max = plan.kind() == PoolingKind.MAX;
        this.size = plan.size();
        this.stride = plan.stride();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        device.launchOver(DeviceFunction.POOL_FORWARD, CudaTensor.of(output).length(), CudaTensor.pointer(input),
                CudaTensor.pointer(output), WindowGeometry.of(input.shape(), output.shape(), size, stride),
                max ? 1 : 0);
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
        device.launchOver(DeviceFunction.POOL_BACKWARD, CudaTensor.of(inputTarget).length(), CudaTensor.pointer(input),
                CudaTensor.pointer(outputValues), CudaTensor.pointer(inputTarget),
                WindowGeometry.of(input.shape(), output.shape(), size, stride), max ? 1 : 0, squared);
    }
}
