package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;

/**
 * Flattens [n, c, h, w] into [n, c·h·w], channel-major. Both tensors are c-ordered, so this is a plain copy of the
 * buffer, and the backward pass is the reverse copy.
 */
final class FlattenKernel implements LayerKernel {
    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Ops.copy(CpuTensor.array(input), CpuTensor.array(output));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient != null) {
            Ops.copy(CpuTensor.array(outputGradient), CpuTensor.array(inputGradient));
        }
    }
}
