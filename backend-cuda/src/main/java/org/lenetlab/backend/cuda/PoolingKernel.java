package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;

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

    PoolingKernel(CudaBackend backend, boolean max, int size, int stride) {
        this.device = backend.gpu();
        this.max = max;
        this.size = size;
        this.stride = stride;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        device.launchOver(Kernel.POOL_FORWARD, CudaTensor.of(output).length(), CudaTensor.pointer(input),
                CudaTensor.pointer(output), WindowGeometry.of(input.shape(), output.shape(), size, stride), max ? 1 : 0);
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
        device.launchOver(Kernel.POOL_BACKWARD, CudaTensor.of(inputTarget).length(), CudaTensor.pointer(input),
                CudaTensor.pointer(outputValues), CudaTensor.pointer(inputTarget),
                WindowGeometry.of(input.shape(), output.shape(), size, stride), max ? 1 : 0, squared);
    }
}
