package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;

/**
 * Flattens [n, c, h, w] into [n, c·h·w], channel-major. Both tensors are c-ordered, so this is a plain copy of the
 * values (of whichever Java copy of the input is current, else of the ND4J buffer), and the backward and
 * curvature passes are the reverse copy.
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
        if (source.onFloats()) {
            System.arraycopy(source.floatsRead(), 0, CpuTensor.of(to).floatsOverwrite(), 0, source.length());
        } else if (source.onHost()) {
            System.arraycopy(source.hostRead(), 0, CpuTensor.of(to).hostOverwrite(), 0, source.length());
        } else {
            Ops.copy(source.array(), CpuTensor.array(to));
        }
    }
}
