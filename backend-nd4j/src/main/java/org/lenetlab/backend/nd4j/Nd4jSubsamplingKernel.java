package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.SubsamplingPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeCun et al.'s trainable subsampling, y = a_c · Σ_window x + b_c per channel c, composed from ND4J ops (libnd4j has
 * no such layer): the window sums are libnd4j's {@code avgpool2d} times size², the coefficient and bias are
 * broadcast along the channel axis. Backward: da_c = Σ dy·s, db_c = Σ dy (sums over batch and map), and
 * dx = {@code avgpool2d_bp} of a_c·dy times size². The curvature pass is the same with s² and a_c².
 */
final class Nd4jSubsamplingKernel implements LayerKernel {
    /** Pooling's arguments: explicit zero padding, divisor size², NCHW. */
    private static final int PADDING_EXPLICIT = 0;
    private static final int DIVISOR_INCLUDES_PADDING = 1;
    private static final int FORMAT_NCHW = 0;
    private static final int[] CHANNEL = {1};
    private static final int[] ALL_BUT_CHANNEL = {0, 2, 3};

    private final Parameter coefficient;
    private final Parameter bias;
    private final int[] args;
    private final double windowSize;
    private final ScratchArrays sums = new ScratchArrays();
    private final ScratchArrays work = new ScratchArrays();
    private final ScratchArrays squares = new ScratchArrays();

    Nd4jSubsamplingKernel(Nd4jKernels engine, SubsamplingPlan layer) {
        this.coefficient = engine.parameter(layer.coefficient());
        this.bias = engine.parameter(layer.bias());
        int size = layer.size();
        int stride = layer.stride();
        this.windowSize = size * size;
        this.args = new int[] {size, size, stride, stride, 0, 0, 1, 1, PADDING_EXPLICIT, DIVISOR_INCLUDES_PADDING,
            FORMAT_NCHW};
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(coefficient, bias);
    }

    /** The window sums of {@code input} in an array of the output's shape. */
    private INDArray windowSums(Tensor input, Shape outputShape) {
        INDArray x = Nd4jTensor.array(input);
        INDArray s = sums.get(outputShape, x.dataType());
        Ops.custom("avgpool2d", new INDArray[] {x}, new INDArray[] {s}, args);
        Ops.scale(windowSize, s);
        return s;
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        INDArray s = windowSums(input, output.shape());
        INDArray y = Nd4jTensor.array(output);
        Broadcast.mul(s, Nd4jTensor.array(coefficient.value()), y, CHANNEL);
        Broadcast.add(y, Nd4jTensor.array(bias.value()), y, CHANNEL);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(input, output.shape(), outputGradient, coefficient.gradient(), bias.gradient(), inputGradient,
                false);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(input, output.shape(), outputCurvature, coefficient.curvature(), bias.curvature(), inputCurvature,
                true);
    }

    private void propagate(Tensor input, Shape outputShape, Tensor outputValues, Tensor coefficientTarget,
                           Tensor biasTarget, Tensor inputTarget, boolean squared) {
        INDArray g = Nd4jTensor.array(outputValues);
        INDArray s = windowSums(input, outputShape);
        INDArray t = work.get(outputShape, g.dataType());
        if (squared) {
            Nd4j.exec(new MulOp(s, s, s));
        }
        Nd4j.exec(new MulOp(g, s, t));
        // sums over batch and map on one thread: the same whatever the thread count (see SingleThreaded)
        SingleThreaded.run(() -> {
            t.sum(Nd4jTensor.array(coefficientTarget), ALL_BUT_CHANNEL);
            g.sum(Nd4jTensor.array(biasTarget), ALL_BUT_CHANNEL);
        });
        if (inputTarget != null) {
            INDArray a = Nd4jTensor.array(coefficient.value());
            INDArray factor = a;
            if (squared) {
                factor = squares.get(coefficient.plan().shape(), a.dataType());
                Nd4j.exec(new MulOp(a, a, factor));
            }
            Broadcast.mul(g, factor, t, CHANNEL);
            INDArray dx = Nd4jTensor.array(inputTarget);
            Ops.custom("avgpool2d_bp", new INDArray[] {Nd4jTensor.array(input), t}, new INDArray[] {dx}, args);
            Ops.scale(windowSize, dx);
        }
    }
}
