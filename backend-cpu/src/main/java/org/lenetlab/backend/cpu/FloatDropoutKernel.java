package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.DropoutMask;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DropoutPlan;

/**
 * Inverted dropout in the float32 engine: a training pass multiplies by a float32 {@link DropoutMask} drawn from
 * its seed; an inference pass copies its input. The curvature pass runs in float64 with the same mask
 * ({@link Widened#curvature}).
 */
final class FloatDropoutKernel implements LayerKernel {
    private final Float32Kernels engine;
    private final DropoutPlan layer;
    private final double rate;
    private float[] mask = new float[0];
    private boolean identity = true;
    private Widened curvature;
    private Pass lastPass = Pass.INFERENCE;

    FloatDropoutKernel(Float32Kernels engine, DropoutPlan layer) {
        this.engine = engine;
        this.layer = layer;
        this.rate = layer.rate();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        lastPass = pass;
        float[] in = FloatTensor.data(input);
        float[] out = FloatTensor.data(output);
        identity = !pass.training() || rate == 0;
        if (identity) {
            System.arraycopy(in, 0, out, 0, in.length);
            return;
        }
        if (mask.length < in.length) {
            mask = new float[in.length];
        }
        DropoutMask.fill(mask, in.length, rate, pass.seed());
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] * mask[i];
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        float[] g = FloatTensor.data(outputGradient);
        float[] t = FloatTensor.data(inputGradient);
        if (identity) {
            System.arraycopy(g, 0, t, 0, g.length);
            return;
        }
        for (int i = 0; i < g.length; i++) {
            t[i] = g[i] * mask[i];
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (curvature == null) {
            curvature = engine.widened(layer, parameters());
        }
        curvature.curvature(input, outputGradient, outputCurvature, inputCurvature, lastPass);
    }
}
