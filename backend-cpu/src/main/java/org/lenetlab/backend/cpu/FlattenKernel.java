package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;

/**
 * Flattens [n, c, h, w] into [n, c·h·w], channel-major, in every engine. Tensors are row-major, so this is a plain
 * copy of the values, and the backward and curvature passes are the reverse copy.
 */
final class FlattenKernel implements LayerKernel {
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

    private static void copy(Tensor from, Tensor to) {
        CpuTensor source = CpuTensor.of(from);
        if (source instanceof FloatTensor f) {
            System.arraycopy(f.data(), 0, FloatTensor.data(to), 0, f.length());
        } else {
            DoubleTensor d = (DoubleTensor) source;
            System.arraycopy(d.data(), 0, DoubleTensor.data(to), 0, d.length());
        }
    }
}
