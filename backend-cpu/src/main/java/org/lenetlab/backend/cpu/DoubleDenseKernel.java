package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.DensePlan;

/**
 * A fully connected layer in the float64 engine, y = x·W + b with W of shape [in, out], as Java loops whose inner
 * loops run over the units (and vectorise). The curvature pass is the backward pass on squared inputs and weights.
 */
final class DoubleDenseKernel implements LayerKernel {
    private final Parameter weight;
    private final Parameter bias;
    private final int inputs;
    private final int units;
    private double[] squaredWeights = new double[0];
    private double[] squaredInputs = new double[0];
    /** Rows starting at index 0, so that the loops over units vectorise. */
    private final double[] row;
    private final double[] outputRow;

    DoubleDenseKernel(Float64Kernels engine, DensePlan layer) {
        this.weight = engine.parameter(layer.weight());
        this.bias = engine.parameter(layer.bias());
        this.inputs = layer.inputs();
        this.units = layer.units();
        this.row = new double[units];
        this.outputRow = new double[units];
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        int n = input.shape().dim(0);
        double[] x = DoubleTensor.data(input);
        double[] w = DoubleTensor.data(weight.value());
        double[] b = DoubleTensor.data(bias.value());
        double[] y = DoubleTensor.data(output);
        for (int s = 0; s < n; s++) {
            System.arraycopy(b, 0, outputRow, 0, units);
            for (int i = 0; i < inputs; i++) {
                double xi = x[s * inputs + i];
                if (xi != 0) {
                    System.arraycopy(w, i * units, row, 0, units);
                    DoubleMath.axpy(xi, row, outputRow, units);
                }
            }
            System.arraycopy(outputRow, 0, y, s * units, units);
        }
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(DoubleTensor.data(input), DoubleTensor.data(weight.value()), DoubleTensor.data(outputGradient),
                DoubleTensor.data(weight.gradient()), DoubleTensor.data(bias.gradient()),
                inputGradient == null ? null : DoubleTensor.data(inputGradient), input.shape().dim(0));
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        int n = input.shape().dim(0);
        if (squaredInputs.length < n * inputs) {
            squaredInputs = new double[n * inputs];
        }
        if (squaredWeights.length < inputs * units) {
            squaredWeights = new double[inputs * units];
        }
        DoubleMath.squares(DoubleTensor.data(input), squaredInputs, n * inputs);
        DoubleMath.squares(DoubleTensor.data(weight.value()), squaredWeights, inputs * units);
        propagate(squaredInputs, squaredWeights, DoubleTensor.data(outputCurvature),
                DoubleTensor.data(weight.curvature()), DoubleTensor.data(bias.curvature()),
                inputCurvature == null ? null : DoubleTensor.data(inputCurvature), n);
    }

    /** dW = Σ x ⊗ dy, db = Σ dy, dx = W·dy (the curvature pass calls it with squared x and W). */
    private void propagate(double[] x, double[] w, double[] dy, double[] dw, double[] db, double[] dx, int n) {
        Arrays.fill(db, 0, units, 0.0);
        for (int s = 0; s < n; s++) {
            int go = s * units;
            System.arraycopy(dy, go, outputRow, 0, units);
            DoubleMath.axpy(1.0, outputRow, db, units);
            for (int i = 0; i < inputs; i++) {
                double xi = x[s * inputs + i];
                if (s == 0) {
                    DoubleMath.scale(xi, outputRow, row, units);
                } else {
                    System.arraycopy(dw, i * units, row, 0, units);
                    DoubleMath.axpy(xi, outputRow, row, units);
                }
                System.arraycopy(row, 0, dw, i * units, units);
                if (dx != null) {
                    dx[s * inputs + i] = DoubleMath.dot(w, i * units, outputRow, 0, units);
                }
            }
        }
    }
}
