package org.lenetlab.backend.cuda;

import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DensePlan;

/**
 * A fully connected layer y = x·W + b, W of shape [in, out], through the tiled matrix product of
 * {@code dense.cu}: dW = xᵀ·dy, dx = dy·Wᵀ, db the column sums of dy; the curvature pass squares x and W as the
 * product loads them.
 */
final class DenseKernel implements LayerKernel {
    /** The product's tile edge (TILE in dense.cu). */
    private static final int TILE = 16;

    private final CudaDevice device;
    private final Parameter weight;
    private final Parameter bias;
    private final int inputs;
    private final int units;

    DenseKernel(CudaKernels kernels, DensePlan plan) {
        this.device = kernels.gpu();
        this.weight = kernels.parameter(plan.weight());
        this.bias = kernels.parameter(plan.bias());
        this.inputs = plan.inputs();
        this.units = plan.units();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        int n = input.shape().dim(0);
        gemm(CudaTensor.pointer(input), CudaTensor.pointer(weight.value()), CudaTensor.pointer(output),
                CudaTensor.pointer(bias.value()), n, units, inputs, 0, 0, 0);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(input, outputGradient, weight.gradient(), bias.gradient(), inputGradient, 0);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(input, outputCurvature, weight.curvature(), bias.curvature(), inputCurvature, 1);
    }

    private void propagate(Tensor input, Tensor outputValues, Tensor weightTarget, Tensor biasTarget,
                           Tensor inputTarget, int squared) {
        int n = input.shape().dim(0);
        CUdeviceptr dy = CudaTensor.pointer(outputValues);
        // dW[in][out] = xᵀ·dy: op(A) = xᵀ (x stored n × in), K = n
        gemm(CudaTensor.pointer(input), dy, CudaTensor.pointer(weightTarget), CudaDevice.NULL, inputs, units, n, 1, 0,
                squared);
        device.launchBlocks(DeviceFunction.CHANNEL_SUMS, units, dy, CudaTensor.pointer(biasTarget), n, units, 1);
        if (inputTarget != null) {
            // dx[n][in] = dy·Wᵀ: op(B) = Wᵀ (W stored in × out), K = out; the curvature squares W
            gemmSquaredB(dy, CudaTensor.pointer(weight.value()), CudaTensor.pointer(inputTarget), n, inputs, units,
                    squared);
        }
    }

    /** C[m][n] = op(A)·B (+ bias), squaring A's values when {@code squareA}. */
    private void gemm(CUdeviceptr a, CUdeviceptr b, CUdeviceptr c, CUdeviceptr biasPointer, int m, int n, int k,
                      int transA, int transB, int squareA) {
        device.launch(DeviceFunction.GEMM, (n + TILE - 1) / TILE, (m + TILE - 1) / TILE, TILE, TILE, a, b, c,
                biasPointer, m, n, k, transA, transB, squareA, 0);
    }

    /** C[m][n] = A·Bᵀ, squaring B's values when {@code squareB}. */
    private void gemmSquaredB(CUdeviceptr a, CUdeviceptr b, CUdeviceptr c, int m, int n, int k, int squareB) {
        device.launch(DeviceFunction.GEMM, (n + TILE - 1) / TILE, (m + TILE - 1) / TILE, TILE, TILE, a, b, c,
                CudaDevice.NULL, m, n, k, 0, 1, 0, squareB);
    }
}
