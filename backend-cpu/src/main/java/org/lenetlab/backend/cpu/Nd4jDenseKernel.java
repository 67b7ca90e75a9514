package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DensePlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer in the ND4J reference engine, through BLAS gemm; the bias gradient's sum runs on one thread
 * ({@link SingleThreaded}), so results do not depend on the thread count.
 */
final class Nd4jDenseKernel implements LayerKernel {
    private final Parameter weight;
    private final Parameter bias;

    Nd4jDenseKernel(Nd4jKernels engine, DensePlan layer) {
        this.weight = engine.parameter(layer.weight());
        this.bias = engine.parameter(layer.bias());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        INDArray y = Nd4jTensor.array(output);
        Nd4j.gemm(Nd4jTensor.array(input), Nd4jTensor.array(weight.value()), y, false, false, 1.0, 0.0);
        y.addiRowVector(Nd4jTensor.array(bias.value()));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        INDArray x = Nd4jTensor.array(input);
        INDArray dy = Nd4jTensor.array(outputGradient);
        Nd4j.gemm(x, dy, Nd4jTensor.array(weight.gradient()), true, false, 1.0, 0.0);
        SingleThreaded.run(() -> dy.sum(Nd4jTensor.array(bias.gradient()), 0));
        if (inputGradient != null) {
            Nd4j.gemm(dy, Nd4jTensor.array(weight.value()), Nd4jTensor.array(inputGradient), false, true, 1.0, 0.0);
        }
    }
}
