package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DropoutPlan;

/**
 * Inverted dropout ({@code elementwise.cu}). A training pass draws its mask on the device from {@link Pass#seed()}
 * alone: value i is 0 when the (i+1)-th {@code nextDouble()} of {@code new SplittableRandom(seed)} is below the rate,
 * else 1/(1 − rate) rounded to float32, which is the CPU backend's mask ({@code DropoutMask}) for the same seed. The
 * device computes each draw on its own from SplitMix64's counter form (SplittableRandom's generator),
 * mix64(seed + (i+1)·γ) with the top 53 bits scaled by 2^−53; {@code DropoutMaskOnDeviceTest} checks the device's
 * mask against {@link java.util.SplittableRandom} on a GPU. An inference pass (or rate 0) copies its input.
 */
final class DropoutKernel implements LayerKernel {
    private final CudaDevice device;
    private final double rate;
    private final float keep;
    private DeviceBuffer mask;
    /** Whether the last forward pass was the identity. */
    private boolean identity = true;

    DropoutKernel(CudaKernels kernels, DropoutPlan plan) {
        double rate = plan.rate();
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.device = kernels.gpu();
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
        device.launchOver(DeviceFunction.DROPOUT_MASK, x.length(), mask.pointer(), x.length(), pass.seed(), rate, keep);
        device.launchOver(DeviceFunction.MULTIPLY, x.length(), x.pointer(), mask.pointer(), CudaTensor.pointer(output),
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
        device.launchOver(DeviceFunction.MULTIPLY, g.length(), g.pointer(), mask.pointer(), CudaTensor.pointer(target),
                g.length(), squared);
    }
}
