package org.lenetlab.backend.cpu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.Shape;

/**
 * A float64 engine kernel serving another engine: the layer's tensors and parameters stay in the outer engine's
 * precision, and each pass copies them into float64 tensors, runs the float64 kernel and rounds its results back.
 * The float32 engine runs the layers it has no float32 kernel for this way (trainable subsampling, RBF units,
 * convolutions with a stride or a connection table), and the curvature passes of its own kernels
 * ({@link #curvature}).
 */
final class Widened implements LayerKernel {
    private final LayerKernel inner;
    private final List<Parameter> outer;
    private final LayerPlan layer;
    private final Map<Integer, Buffers> buffers = new HashMap<>();

    /**
     * {@code inner} (a float64 engine kernel of {@code layer}) serving parameters {@code outer} of the outer engine,
     * in the same order.
     */
    Widened(LayerPlan layer, LayerKernel inner, List<Parameter> outer) {
        if (inner.parameters().size() != outer.size()) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + outer.size()
                    + " parameters for a kernel with " + inner.parameters().size());
        }
        this.layer = layer;
        this.inner = inner;
        this.outer = List.copyOf(outer);
    }

    @Override
    public List<Parameter> parameters() {
        return outer;
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        Buffers b = buffers(input.shape().dim(0));
        parametersIn();
        input.read(b.input.data());
        inner.forward(b.input, b.output, pass);
        output.write(b.output.data());
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        Buffers b = buffers(input.shape().dim(0));
        outputGradient.read(b.outputGradient().data());
        inner.backward(b.input, b.output, b.outputGradient(), inputGradient == null ? null : b.inputGradient());
        for (int i = 0; i < outer.size(); i++) {
            outer.get(i).gradient().write(DoubleTensor.data(inner.parameters().get(i).gradient()));
        }
        if (inputGradient != null) {
            inputGradient.write(b.inputGradient().data());
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        Buffers b = buffers(input.shape().dim(0));
        outputGradient.read(b.outputGradient().data());
        curvatureAfterBackward(b, outputCurvature, inputCurvature);
    }

    /**
     * The curvature pass of a layer whose forward and backward passes another kernel ran: a float64 forward pass
     * (with the training pass's seed {@code pass}, so dropout draws the same mask) and backward pass, then the
     * float64 curvature pass, rounded into the outer parameters' curvatures and {@code inputCurvature}.
     */
    void curvature(Tensor input, Tensor outputGradient, Tensor outputCurvature, Tensor inputCurvature, Pass pass) {
        Buffers b = buffers(input.shape().dim(0));
        parametersIn();
        input.read(b.input.data());
        inner.forward(b.input, b.output, pass);
        outputGradient.read(b.outputGradient().data());
        inner.backward(b.input, b.output, b.outputGradient(), null);
        curvatureAfterBackward(b, outputCurvature, inputCurvature);
    }

    private void curvatureAfterBackward(Buffers b, Tensor outputCurvature, Tensor inputCurvature) {
        outputCurvature.read(b.outputCurvature().data());
        inner.backwardCurvature(b.input, b.output, b.outputGradient(), b.outputCurvature(),
                inputCurvature == null ? null : b.inputCurvature());
        for (int i = 0; i < outer.size(); i++) {
            outer.get(i).curvature().write(DoubleTensor.data(inner.parameters().get(i).curvature()));
        }
        if (inputCurvature != null) {
            inputCurvature.write(b.inputCurvature().data());
        }
    }

    /** The outer parameters' values into the float64 kernel's. */
    private void parametersIn() {
        for (int i = 0; i < outer.size(); i++) {
            outer.get(i).value().read(DoubleTensor.data(inner.parameters().get(i).value()));
        }
    }

    private Buffers buffers(int n) {
        return buffers.computeIfAbsent(n, Buffers::new);
    }

    /** The float64 tensors of one batch size; gradients and curvatures made when first needed. */
    private final class Buffers {
        final Shape in;
        final Shape out;
        final DoubleTensor input;
        final DoubleTensor output;
        private DoubleTensor outputGradient;
        private DoubleTensor inputGradient;
        private DoubleTensor outputCurvature;
        private DoubleTensor inputCurvature;

        Buffers(int n) {
            this.in = layer.input().withBatch(n);
            this.out = layer.output().withBatch(n);
            this.input = new DoubleTensor(in);
            this.output = new DoubleTensor(out);
        }

        DoubleTensor outputGradient() {
            if (outputGradient == null) {
                outputGradient = new DoubleTensor(out);
            }
            return outputGradient;
        }

        DoubleTensor inputGradient() {
            if (inputGradient == null) {
                inputGradient = new DoubleTensor(in);
            }
            return inputGradient;
        }

        DoubleTensor outputCurvature() {
            if (outputCurvature == null) {
                outputCurvature = new DoubleTensor(out);
            }
            return outputCurvature;
        }

        DoubleTensor inputCurvature() {
            if (inputCurvature == null) {
                inputCurvature = new DoubleTensor(in);
            }
            return inputCurvature;
        }
    }
}
