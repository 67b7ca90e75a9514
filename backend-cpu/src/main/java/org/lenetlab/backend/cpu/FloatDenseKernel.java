package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DensePlan;

/**
 * A fully connected layer in the float32 engine, y = x·W + b with W of shape [in, out], through OpenBLAS
 * {@code sgemm} (on one thread; see {@link SingleThreaded}); the backward pass runs the weight and input gradients'
 * products side by side on the engine's {@link Workers}. The curvature pass runs in float64
 * ({@link Widened#curvature}).
 */
final class FloatDenseKernel implements LayerKernel {
    private final Float32Kernels engine;
    private final DensePlan layer;
    private final Parameter weight;
    private final Parameter bias;
    private final int inputs;
    private final int units;
    // the backward call in progress, for its two units (weight and bias gradients; input gradient)
    private float[] fx;
    private float[] fdy;
    private float[] fdx;
    private int frows;
    private final Workers.Task backwardUnit = this::backwardPart;
    private Widened curvature;
    private Pass lastPass = Pass.INFERENCE;

    FloatDenseKernel(Float32Kernels engine, DensePlan layer) {
        this.engine = engine;
        this.layer = layer;
        this.weight = engine.parameter(layer.weight());
        this.bias = engine.parameter(layer.bias());
        this.inputs = layer.inputs();
        this.units = layer.units();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        lastPass = pass;
        int n = input.shape().dim(0);
        float[] x = FloatTensor.data(input);
        float[] w = FloatTensor.data(weight.value());
        float[] b = FloatTensor.data(bias.value());
        float[] y = FloatTensor.data(output);
        FloatGemm.sgemm(false, false, n, units, inputs, 1f, x, inputs, w, units, 0f, y, units);
        for (int s = 0; s < n; s++) {
            int at = s * units;
            for (int j = 0; j < units; j++) {
                y[at + j] += b[j];
            }
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        fx = FloatTensor.data(input);
        fdy = FloatTensor.data(outputGradient);
        fdx = inputGradient == null ? null : FloatTensor.data(inputGradient);
        frows = input.shape().dim(0);
        engine.workers().run(fdx == null ? 1 : 2, backwardUnit);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (curvature == null) {
            curvature = engine.widened(layer, parameters());
        }
        curvature.curvature(input, outputGradient, outputCurvature, inputCurvature, lastPass);
    }

    /** Unit 0: dW = xᵀ·dy and db = Σ dy; unit 1: dx = dy·Wᵀ. Each is one product on one thread. */
    private void backwardPart(int unit, int worker) {
        if (unit == 0) {
            float[] dw = FloatTensor.data(weight.gradient());
            float[] db = FloatTensor.data(bias.gradient());
            FloatGemm.sgemm(true, false, inputs, units, frows, 1f, fx, inputs, fdy, units, 0f, dw, units);
            Arrays.fill(db, 0f);
            for (int s = 0; s < frows; s++) {
                int at = s * units;
                for (int j = 0; j < units; j++) {
                    db[j] += fdy[at + j];
                }
            }
        } else {
            float[] w = FloatTensor.data(weight.value());
            FloatGemm.sgemm(false, true, frows, inputs, units, 1f, fdy, units, w, units, 0f, fdx, inputs);
        }
    }
}
