package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DensePlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer in the nd4j backend, through BLAS gemm; the bias gradient's sum runs on one thread
 * ({@link SingleThreaded}), so results do not depend on the thread count. The curvature pass is the backward pass
 * on the squared input and squared weights with the output curvature.
 */
final class Nd4jDenseKernel implements LayerKernel {
    private final Parameter weight;
    private final Parameter bias;
    private final ScratchArrays squaredInputs = new ScratchArrays();
    private final ScratchArrays squaredWeights = new ScratchArrays();

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
        propagate(Nd4jTensor.array(input), Nd4jTensor.array(weight.value()), outputGradient, weight.gradient(),
                bias.gradient(), inputGradient);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        INDArray x = Nd4jTensor.array(input);
        INDArray x2 = squaredInputs.get(input.shape(), x.dataType());
        Nd4j.exec(new MulOp(x, x, x2));
        INDArray w = Nd4jTensor.array(weight.value());
        INDArray w2 = squaredWeights.get(weight.plan().shape(), w.dataType());
        Nd4j.exec(new MulOp(w, w, w2));
        propagate(x2, w2, outputCurvature, weight.curvature(), bias.curvature(), inputCurvature);
    }

    private static void propagate(INDArray x, INDArray w, Tensor outputValues, Tensor weightTarget, Tensor biasTarget,
                                  Tensor inputTarget) {
        INDArray dy = Nd4jTensor.array(outputValues);
        Nd4j.gemm(x, dy, Nd4jTensor.array(weightTarget), true, false, 1.0, 0.0);
        SingleThreaded.run(() -> dy.sum(Nd4jTensor.array(biasTarget), 0));
        if (inputTarget != null) {
            Nd4j.gemm(dy, w, Nd4jTensor.array(inputTarget), false, true, 1.0, 0.0);
        }
    }
}
