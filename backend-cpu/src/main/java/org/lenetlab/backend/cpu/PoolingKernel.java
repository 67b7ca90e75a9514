package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max or average pooling over square windows without padding, through libnd4j's {@code maxpool2d} /
 * {@code avgpool2d} and their {@code _bp} ops, on NCHW activations. Average pooling divides by size².
 */
final class PoolingKernel implements LayerKernel {
    /** Which reduction. */
    enum Kind {
        /** Window maximum. */
        MAX("maxpool2d"),
        /** Window mean. */
        AVERAGE("avgpool2d");

        private final String op;

        Kind(String op) {
            this.op = op;
        }
    }

    /** Pooling's padding mode argument: explicit (here zero) padding. */
    private static final int PADDING_EXPLICIT = 0;
    /** avgpool2d's divisor argument: 1 counts padded cells too, so every window divides by size². */
    private static final int DIVISOR_INCLUDES_PADDING = 1;
    /** Pooling's layout argument: 0 is NCHW. */
    private static final int FORMAT_NCHW = 0;

    private final Kind kind;
    private final int[] args;

    PoolingKernel(Kind kind, int size, int stride) {
        this.kind = kind;
        this.args = new int[] {size, size, stride, stride, 0, 0, 1, 1, PADDING_EXPLICIT,
            kind == Kind.AVERAGE ? DIVISOR_INCLUDES_PADDING : 0, FORMAT_NCHW};
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Ops.custom(kind.op, new INDArray[] {CpuTensor.array(input)}, new INDArray[] {CpuTensor.array(output)}, args);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        Ops.custom(kind.op + "_bp", new INDArray[] {CpuTensor.array(input), CpuTensor.array(outputGradient)},
                new INDArray[] {CpuTensor.array(inputGradient)}, args);
    }
}
