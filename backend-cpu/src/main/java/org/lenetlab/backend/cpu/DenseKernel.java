package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.model.LayerPlan;
import org.lenetlab.model.ParameterPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer, y = x·W + b with W of shape [in, out], through BLAS gemm (OpenBLAS on one thread, see
 * {@link SingleThreaded}); the bias gradient's sum over the batch runs on one thread too.
 */
final class DenseKernel implements LayerKernel {
    private final Parameter weight;
    private final Parameter bias;

    DenseKernel(CpuBackend backend, LayerPlan plan) {
        ParameterPlan w = plan.parameters().get(0);
        ParameterPlan b = plan.parameters().get(1);
        this.weight = new Parameter(w, backend.allocate(w.shape()), backend.allocate(w.shape()));
        this.bias = new Parameter(b, backend.allocate(b.shape()), backend.allocate(b.shape()));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        INDArray y = CpuTensor.array(output);
        Nd4j.gemm(CpuTensor.array(input), CpuTensor.array(weight.value()), y, false, false, 1.0, 0.0);
        y.addiRowVector(CpuTensor.array(bias.value()));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        INDArray x = CpuTensor.array(input);
        INDArray dy = CpuTensor.array(outputGradient);
        Nd4j.gemm(x, dy, CpuTensor.array(weight.gradient()), true, false, 1.0, 0.0);
        // the bias gradient sums over the batch: one thread, one order (see SingleThreaded)
        SingleThreaded.run(() -> dy.sum(CpuTensor.array(bias.gradient()), 0));
        if (inputGradient != null) {
            Nd4j.gemm(dy, CpuTensor.array(weight.value()), CpuTensor.array(inputGradient), false, true, 1.0, 0.0);
        }
    }
}
