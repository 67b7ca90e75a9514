package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.DropoutMask;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DropoutPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout in the nd4j backend: core's {@link DropoutMask} (the one definition of the mask), multiplied with
 * ND4J; the curvature pass multiplies by the mask squared.
 */
final class Nd4jDropoutKernel implements LayerKernel {
    private final double rate;
    private final ScratchArrays masks = new ScratchArrays();
    private INDArray mask;

    Nd4jDropoutKernel(DropoutPlan layer) {
        this.rate = layer.rate();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        INDArray x = Nd4jTensor.array(input);
        if (!pass.training() || rate == 0) {
            mask = null;
            Ops.copy(x, Nd4jTensor.array(output));
            return;
        }
        int n = Math.toIntExact(x.length());
        mask = masks.get(input.shape(), x.dataType());
        if (x.dataType() == DataType.FLOAT) {
            float[] m = new float[n];
            DropoutMask.fill(m, n, rate, pass.seed());
            mask.data().asNioFloat().put(0, m, 0, n);
        } else {
            double[] m = new double[n];
            DropoutMask.fill(m, n, rate, pass.seed());
            mask.data().asNioDouble().put(0, m, 0, n);
        }
        x.mul(mask, Nd4jTensor.array(output));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        if (mask == null) {
            Ops.copy(Nd4jTensor.array(outputGradient), Nd4jTensor.array(inputGradient));
        } else {
            Nd4jTensor.array(outputGradient).mul(mask, Nd4jTensor.array(inputGradient));
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature == null) {
            return;
        }
        INDArray hy = Nd4jTensor.array(outputCurvature);
        INDArray hx = Nd4jTensor.array(inputCurvature);
        if (mask == null) {
            Ops.copy(hy, hx);
        } else {
            hy.mul(mask, hx);
            hx.muli(mask);
        }
    }
}
