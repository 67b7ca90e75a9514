package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.PoolingKind;
import org.lenetlab.plan.PoolingPlan;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max or average pooling in the nd4j backend: libnd4j's {@code maxpool2d}/{@code avgpool2d} and their {@code _bp}
 * ops. The curvature pass routes the output curvature through the same {@code _bp} op; average pooling's factor
 * 1/size² is squared by one more scale.
 */
final class Nd4jPoolingKernel implements LayerKernel {
    /** Pooling's padding mode argument: explicit (here zero) padding. */
    private static final int PADDING_EXPLICIT = 0;
    /** avgpool2d's divisor argument: 1 counts padded cells too, so every window divides by size². */
    private static final int DIVISOR_INCLUDES_PADDING = 1;
    /** Pooling's layout argument: 0 is NCHW. */
    private static final int FORMAT_NCHW = 0;

    private final String op;
    private final double curvatureScale;
    private final int[] args;

    Nd4jPoolingKernel(PoolingPlan layer) {
        this.op = layer.kind() == PoolingKind.MAX ? "maxpool2d" : "avgpool2d";
        int size = layer.size();
        this.curvatureScale = layer.kind() == PoolingKind.AVERAGE ? 1.0 / (size * size) : 1.0;
        int stride = layer.stride();
        this.args = new int[] {size, size, stride, stride, 0, 0, 1, 1, PADDING_EXPLICIT,
            layer.kind() == PoolingKind.AVERAGE ? DIVISOR_INCLUDES_PADDING : 0, FORMAT_NCHW};
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Ops.custom(op, new INDArray[] {Nd4jTensor.array(input)}, new INDArray[] {Nd4jTensor.array(output)}, args);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient != null) {
            Ops.custom(op + "_bp", new INDArray[] {Nd4jTensor.array(input), Nd4jTensor.array(outputGradient)},
                    new INDArray[] {Nd4jTensor.array(inputGradient)}, args);
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            INDArray hx = Nd4jTensor.array(inputCurvature);
            Ops.custom(op + "_bp", new INDArray[] {Nd4jTensor.array(input), Nd4jTensor.array(outputCurvature)},
                    new INDArray[] {hx}, args);
            if (curvatureScale != 1.0) {
                Ops.scale(curvatureScale, hx);
            }
        }
    }
}
