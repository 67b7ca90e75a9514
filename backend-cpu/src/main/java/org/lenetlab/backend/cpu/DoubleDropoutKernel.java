package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.DropoutMask;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DropoutPlan;

/**
 * Inverted dropout in the float64 engine: a training pass multiplies by a {@link DropoutMask} drawn from its seed;
 * an inference pass copies its input. Backward and curvature multiply by the mask (squared).
 */
final class DoubleDropoutKernel implements LayerKernel {
    private final double rate;
    private double[] mask = new double[0];
    /** Whether the last forward pass was the identity. */
    private boolean identity = true;

    DoubleDropoutKernel(DropoutPlan layer) {
        this.rate = layer.rate();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        double[] in = DoubleTensor.data(input);
        double[] out = DoubleTensor.data(output);
        identity = !pass.training() || rate == 0;
        if (identity) {
            System.arraycopy(in, 0, out, 0, in.length);
            return;
        }
        if (mask.length < in.length) {
            mask = new double[in.length];
        }
        DropoutMask.fill(mask, in.length, rate, pass.seed());
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] * mask[i];
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient != null) {
            scale(DoubleTensor.data(outputGradient), DoubleTensor.data(inputGradient), false);
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            scale(DoubleTensor.data(outputCurvature), DoubleTensor.data(inputCurvature), true);
        }
    }

    private void scale(double[] g, double[] t, boolean squared) {
        if (identity) {
            System.arraycopy(g, 0, t, 0, g.length);
            return;
        }
        for (int i = 0; i < g.length; i++) {
            double m = mask[i];
            t[i] = (squared ? m * m : m) * g[i];
        }
    }
}
