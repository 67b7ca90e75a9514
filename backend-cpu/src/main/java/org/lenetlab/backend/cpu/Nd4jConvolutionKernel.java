package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ConvolutionPlan;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution without a connection table in the ND4J reference engine: libnd4j's {@code conv2d} and
 * {@code conv2d_bp} (oneDNN), NCHW activations, OIHW weights. The backward pass runs on one thread
 * ({@link SingleThreaded}), so gradients are the same whatever the thread count.
 */
final class Nd4jConvolutionKernel implements LayerKernel {
    /** conv2d's padding mode argument: explicit padding. */
    private static final int PADDING_EXPLICIT = 0;
    /** conv2d's data format argument: NCHW. */
    private static final int FORMAT_NCHW = 0;
    /** conv2d's weight format argument: [out, in, kH, kW]. */
    private static final int WEIGHTS_OIHW = 1;

    private final Parameter weight;
    private final Parameter bias;
    private final int[] args;
    private final ScratchArrays scratch = new ScratchArrays();

    Nd4jConvolutionKernel(Nd4jKernels engine, ConvolutionPlan layer) {
        if (!layer.table().isFull()) {
            throw new IllegalArgumentException("libnd4j's conv2d has no connection tables");
        }
        this.weight = engine.parameter(layer.weight());
        this.bias = engine.parameter(layer.bias());
        int k = layer.kernelSize();
        int s = layer.stride();
        int p = layer.padding();
        this.args = new int[] {k, k, s, s, p, p, 1, 1, PADDING_EXPLICIT, FORMAT_NCHW, WEIGHTS_OIHW};
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Ops.custom("conv2d",
                new INDArray[] {Nd4jTensor.array(input), Nd4jTensor.array(weight.value()),
                    Nd4jTensor.array(bias.value())},
                new INDArray[] {Nd4jTensor.array(output)}, args);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        INDArray x = Nd4jTensor.array(input);
        INDArray dx = inputGradient != null ? Nd4jTensor.array(inputGradient)
                : scratch.get(input.shape(), x.dataType());
        // oneDNN sums the weight and bias gradients in a thread-count-dependent order; see SingleThreaded
        SingleThreaded.run(() -> Ops.custom("conv2d_bp",
                new INDArray[] {x, Nd4jTensor.array(weight.value()), Nd4jTensor.array(bias.value()),
                    Nd4jTensor.array(outputGradient)},
                new INDArray[] {dx, Nd4jTensor.array(weight.gradient()), Nd4jTensor.array(bias.gradient())}, args));
    }
}
