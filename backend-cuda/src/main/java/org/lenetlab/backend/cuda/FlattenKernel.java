package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;

/** Flattens [n, c, h, w] into [n, c·h·w]: both are row-major, so every pass is a device-to-device copy. */
final class FlattenKernel implements LayerKernel {
    private final CudaDevice device;

    FlattenKernel(CudaKernels kernels) {
        this.device = kernels.gpu();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        copy(input, output);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient != null) {
            copy(outputGradient, inputGradient);
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            copy(outputCurvature, inputCurvature);
        }
    }

    private void copy(Tensor from, Tensor to) {
        CudaTensor source = CudaTensor.of(from);
        CudaTensor target = CudaTensor.of(to);
        if (source.length() != target.length()) {
            throw new IllegalArgumentException("cannot flatten " + source.shape() + " into " + target.shape());
        }
        device.copy(source.pointer(), target.pointer(), source.length());
    }
}
