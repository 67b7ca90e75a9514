package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;

/**
 * Inverted dropout ({@code elementwise.cu}). A training pass draws its mask on the device from {@link Pass#seed()}
 * alone, with the counter-based form of {@link java.util.SplittableRandom}'s sequence, so the mask is the CPU
 * backend's for the same seed; an inference pass (or rate 0) copies its input.
 */
final class DropoutKernel implements LayerKernel {
    private final CudaDevice device;
    private final double rate;
    private final float keep;
    private DeviceBuffer mask;
    /** Whether the last forward pass was the identity. */
    private boolean identity = true;

    DropoutKernel(CudaBackend backend, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.device = backend.gpu();
        this.rate = rate;
        this.keep = (float) (1.0 / (1.0 - rate));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        CudaTensor x = CudaTensor.of(input);
        identity = !pass.training() || rate == 0;
        if (identity) {
            device.copy(x.pointer(), CudaTensor.pointer(output), x.length());
            return;
        }
        if (mask == null || mask.bytes() != x.length() * Float.BYTES) {
            mask = new DeviceBuffer(device, x.length() * Float.BYTES);
        }
        device.launchOver(Kernel.DROPOUT_MASK, x.length(), mask.pointer(), x.length(), pass.seed(), rate, keep);
        device.launchOver(Kernel.MULTIPLY, x.length(), x.pointer(), mask.pointer(), CudaTensor.pointer(output),
                x.length(), 0);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(outputGradient, inputGradient, 0);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(outputCurvature, inputCurvature, 1);
    }

    /** target = mask·source, or mask²·source ({@code squared}); the identity without a mask. */
    private void propagate(Tensor source, Tensor target, int squared) {
        if (target == null) {
            return;
        }
        CudaTensor g = CudaTensor.of(source);
        if (identity) {
            device.copy(g.pointer(), CudaTensor.pointer(target), g.length());
            return;
        }
        if (mask == null || mask.bytes() != g.length() * Float.BYTES || CudaTensor.of(target).length() != g.length()) {
            throw new IllegalStateException("dropout backward over " + g.shape() + " does not match its forward pass");
        }
        device.launchOver(Kernel.MULTIPLY, g.length(), g.pointer(), mask.pointer(), CudaTensor.pointer(target),
                g.length(), squared);
    }
}
