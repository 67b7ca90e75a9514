package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;

/**
 * Flattens [n, c, h, w] into [n, c·h·w], channel-major. The arrays are dense and c-ordered, so this is one copy of
 * the buffer, and the backward and curvature passes are the reverse copy.
 */
final class FlattenKernel implements LayerKernel {
    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Ops.copy(Nd4jTensor.array(input), Nd4jTensor.array(output));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient != null) {
            Ops.copy(Nd4jTensor.array(outputGradient), Nd4jTensor.array(inputGradient));
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            Ops.copy(Nd4jTensor.array(outputCurvature), Nd4jTensor.array(inputCurvature));
        }
    }
}
