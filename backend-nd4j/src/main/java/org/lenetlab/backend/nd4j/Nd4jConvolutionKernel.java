package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ConnectionTable;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution in the nd4j backend: libnd4j's {@code conv2d} and {@code conv2d_bp} (oneDNN), NCHW activations,
 * OIHW weights, any stride and padding. The backward pass runs on one thread ({@link SingleThreaded}), so gradients
 * are the same whatever the thread count.
 *
 * <p>A connection table (LeNet-5's C3), which {@code conv2d} has no notion of, is composed: the packed weights
 * ({@code [pairs, k, k]}, see {@link ConnectionTable}) are expanded by a product with a 0/1 matrix E
 * ({@code [out·in, pairs]}, one 1 per pair) into a full {@code [out, in, k, k]} array whose unconnected kernels are
 * zero, and the full weight gradient is packed back by Eᵀ. Each row of either product has at most one 1, so both are
 * exact. The full table skips both products.
 *
 * <p>Curvature: the same {@code conv2d_bp} on the squared input and squared (expanded) weights with the output
 * curvature in place of the gradient gives every weight's, bias's and input's Gauss–Newton diagonal.
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
    private final ScratchArrays squares = new ScratchArrays();
    /** The 0/1 expansion [out·in, pairs], or {@code null} for the full table. */
    private final INDArray expansion;
    /** [out, in, k, k]: the expanded weights, their gradient, and the squared weights of the curvature pass. */
    private final INDArray full;
    private final INDArray fullGradient;
    private final INDArray fullSquared;
    /** [pairs, k·k] work array for the packed products. */
    private final INDArray packed;

    Nd4jConvolutionKernel(Nd4jKernels engine, ConvolutionPlan layer) {
        this.weight = engine.parameter(layer.weight());
        this.bias = engine.parameter(layer.bias());
        int k = layer.kernelSize();
        int s = layer.stride();
        int p = layer.padding();
        this.args = new int[] {k, k, s, s, p, p, 1, 1, PADDING_EXPLICIT, FORMAT_NCHW, WEIGHTS_OIHW};
        ConnectionTable table = layer.table();
        DataType type = Nd4jTensor.array(weight.value()).dataType();
        int out = table.outputs();
        int in = table.inputs();
        this.fullSquared = Nd4j.create(type, out, in, k, k);
        if (table.isFull()) {
            this.expansion = null;
            this.full = null;
            this.fullGradient = null;
            this.packed = null;
        } else {
            this.expansion = Nd4j.create(type, (long) out * in, table.pairs());
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < table.inputCount(o); j++) {
                    expansion.putScalar((long) o * in + table.input(o, j), table.row(o, j), 1.0);
                }
            }
            this.full = Nd4j.create(type, out, in, k, k);
            this.fullGradient = Nd4j.create(type, out, in, k, k);
            this.packed = Nd4j.create(type, table.pairs(), (long) k * k);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** The [out, in, k, k] weights conv2d reads: the parameter itself, or its expansion. */
    private INDArray weights() {
        INDArray w = Nd4jTensor.array(weight.value());
        if (expansion == null) {
            return w;
        }
        Ops.copy(w, packed);
        INDArray product = scratch.get(Shape.of((int) expansion.size(0), (int) packed.size(1)), w.dataType());
        Nd4j.gemm(expansion, packed, product, false, false, 1.0, 0.0);
        Ops.copy(product, full);
        return full;
    }

    /** Packs the full [out, in, k, k] {@code gradient} into the parameter's {@code target} by Eᵀ. */
    private void pack(INDArray gradient, INDArray target) {
        INDArray flat = scratch.get(Shape.of((int) expansion.size(0), (int) packed.size(1)), gradient.dataType());
        Ops.copy(gradient, flat);
        Nd4j.gemm(expansion, flat, packed, true, false, 1.0, 0.0);
        Ops.copy(packed, target);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Ops.custom("conv2d",
                new INDArray[] {Nd4jTensor.array(input), weights(), Nd4jTensor.array(bias.value())},
                new INDArray[] {Nd4jTensor.array(output)}, args);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(Nd4jTensor.array(input), weights(), input, outputGradient, weight.gradient(), bias.gradient(),
                inputGradient);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        INDArray x = Nd4jTensor.array(input);
        INDArray x2 = squares.get(input.shape(), x.dataType());
        Nd4j.exec(new MulOp(x, x, x2));
        INDArray w = weights();
        Nd4j.exec(new MulOp(w, w, fullSquared));
        propagate(x2, fullSquared, input, outputCurvature, weight.curvature(), bias.curvature(), inputCurvature);
    }

    /** conv2d_bp of {@code values} from input {@code x} and full weights {@code w} into the given targets. */
    private void propagate(INDArray x, INDArray w, Tensor input, Tensor values, Tensor weightTarget,
                           Tensor biasTarget, Tensor inputTarget) {
        INDArray dx = inputTarget != null ? Nd4jTensor.array(inputTarget) : scratch.get(input.shape(), x.dataType());
        INDArray dw = expansion == null ? Nd4jTensor.array(weightTarget) : fullGradient;
        // oneDNN sums the weight and bias gradients in a thread-count-dependent order; see SingleThreaded
        SingleThreaded.run(() -> Ops.custom("conv2d_bp",
                new INDArray[] {x, w, Nd4jTensor.array(bias.value()), Nd4jTensor.array(values)},
                new INDArray[] {dx, dw, Nd4jTensor.array(biasTarget)}, args));
        if (expansion != null) {
            pack(fullGradient, Nd4jTensor.array(weightTarget));
        }
    }
}
