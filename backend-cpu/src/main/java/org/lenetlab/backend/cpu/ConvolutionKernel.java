package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.spec.ConvolutionSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D convolution with bias: through libnd4j's {@code conv2d} and {@code conv2d_bp} (oneDNN where available) for
 * batches above the backend's Java-loop limit, else through {@link HostConvolution}'s Java loops; a convolution with
 * a connection table always runs the Java loops (libnd4j has no such op). NCHW activations, OIHW weights (packed
 * rows with a table), square kernel, equal stride and zero padding on both axes. Float32 batches above the limit run
 * {@link FloatConvolution}'s float32 Java kernels instead (stride 1, no table). The curvature pass always runs in
 * Java.
 * The libnd4j backward pass runs on one thread ({@link SingleThreaded}), so gradients are the same whatever the
 * thread count (the Java loops are single-threaded anyway).
 */
final class ConvolutionKernel implements LayerKernel {
    /** conv2d's padding mode argument: explicit padding. */
    private static final int PADDING_EXPLICIT = 0;
    /** conv2d's data format argument: NCHW. */
    private static final int FORMAT_NCHW = 0;
    /** conv2d's weight format argument: [out, in, kH, kW]. */
    private static final int WEIGHTS_OIHW = 1;

    private final CpuBackend backend;
    private final Parameter weight;
    private final Parameter bias;
    private final int[] args;
    private final boolean table;
    private final HostConvolution host;
    /** The float32 hot path, for stride-1 convolutions without a table; else {@code null}. */
    private final FloatConvolution fast;
    private final ScratchArrays scratch = new ScratchArrays();

    ConvolutionKernel(CpuBackend backend, LayerPlan plan, ConvolutionSpec spec) {
        this.backend = backend;
        ParameterPlan w = plan.parameters().get(0);
        ParameterPlan b = plan.parameters().get(1);
        this.weight = backend.parameter(w);
        this.bias = backend.parameter(b);
        int k = spec.kernel();
        int s = spec.stride();
        int p = spec.padding();
        this.args = new int[] {k, k, s, s, p, p, 1, 1, PADDING_EXPLICIT, FORMAT_NCHW, WEIGHTS_OIHW};
        this.table = spec.connections() != null;
        this.host = new HostConvolution(spec, plan.input(), plan.output());
        this.fast = FloatConvolution.supports(spec) ? new FloatConvolution(spec, plan.input(), plan.output(),
                backend.blasForward()) : null;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    private boolean onHost(Tensor input) {
        return table || backend.javaLoops(input);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        if (onHost(input)) {
            host.forward(CpuTensor.of(input), CpuTensor.of(output), CpuTensor.of(weight.value()).hostRead(),
                    CpuTensor.of(bias.value()).hostRead(), pass.training());
            return;
        }
        host.invalidate();
        if (fast != null && backend.floatKernels(input)) {
            fast.forward(backend.workers(), CpuTensor.of(input).floatsRead(), CpuTensor.of(weight.value()).floatsRead(),
                    CpuTensor.of(bias.value()).floatsRead(), CpuTensor.of(output).floatsOverwrite(),
                    input.shape().dim(0));
            return;
        }
        Ops.custom("conv2d",
                new INDArray[] {CpuTensor.array(input), CpuTensor.array(weight.value()), CpuTensor.array(bias.value())},
                new INDArray[] {CpuTensor.array(output)}, args);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (onHost(input)) {
            host.backward(CpuTensor.of(input), CpuTensor.of(weight.value()).hostRead(),
                    CpuTensor.of(outputGradient).hostRead(), CpuTensor.of(weight.gradient()).hostOverwrite(),
                    CpuTensor.of(bias.gradient()).hostOverwrite(),
                    inputGradient == null ? null : CpuTensor.of(inputGradient).hostOverwrite());
            return;
        }
        if (fast != null && backend.floatKernels(input)) {
            fast.backward(backend.workers(), CpuTensor.of(input).floatsRead(), CpuTensor.of(weight.value()).floatsRead(),
                    CpuTensor.of(outputGradient).floatsRead(), CpuTensor.of(weight.gradient()).floatsOverwrite(),
                    CpuTensor.of(bias.gradient()).floatsOverwrite(),
                    inputGradient == null ? null : CpuTensor.of(inputGradient).floatsOverwrite(), input.shape().dim(0));
            return;
        }
        CpuTensor x = CpuTensor.of(input);
        INDArray dx = inputGradient != null ? CpuTensor.array(inputGradient) : scratch.get(x.shape(), x.dataType());
        // oneDNN sums the weight and bias gradients in a thread-count-dependent order; see SingleThreaded
        SingleThreaded.run(() -> Ops.custom("conv2d_bp",
                new INDArray[] {x.array(), CpuTensor.array(weight.value()), CpuTensor.array(bias.value()),
                    CpuTensor.array(outputGradient)},
                new INDArray[] {dx, CpuTensor.array(weight.gradient()), CpuTensor.array(bias.gradient())}, args));
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        host.curvature(CpuTensor.of(input), CpuTensor.of(weight.value()).hostRead(),
                CpuTensor.of(outputCurvature).hostRead(), CpuTensor.of(weight.curvature()).hostOverwrite(),
                CpuTensor.of(bias.curvature()).hostOverwrite(),
                inputCurvature == null ? null : CpuTensor.of(inputCurvature).hostOverwrite());
    }
}
