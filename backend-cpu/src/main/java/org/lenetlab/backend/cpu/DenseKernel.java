package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer, y = x·W + b with W of shape [in, out]: through BLAS gemm for batches above the backend's
 * Java-loop limit, else as Java loops in double precision. Float32 batches above that limit call OpenBLAS directly on
 * the tensors' float32 copies, the weight and input gradients' products side by side on the backend's
 * {@link Workers}. The curvature pass always runs in Java.
 * BLAS runs on one thread and the bias gradient's sum too ({@link SingleThreaded}), so results do not depend on the
 * thread count.
 */
final class DenseKernel implements LayerKernel {
    private final CpuBackend backend;
    private final Parameter weight;
    private final Parameter bias;
    private final int inputs;
    private final int units;
    private double[] squaredWeights = new double[0];
    private double[] squaredInputs = new double[0];
    /** Rows starting at index 0, so that the loops over units vectorise. */
    private final double[] row;
    private final double[] outputRow;
    // the float32 backward call in progress, for its two units (weight and bias gradients; input gradient)
    private float[] fx;
    private float[] fdy;
    private float[] fdx;
    private int frows;
    private final Workers.Task backwardUnit = this::backwardPart;

    DenseKernel(CpuBackend backend, LayerPlan plan) {
        this.backend = backend;
        ParameterPlan w = plan.parameters().get(0);
        ParameterPlan b = plan.parameters().get(1);
        this.weight = backend.parameter(w);
        this.bias = backend.parameter(b);
        this.inputs = w.shape().dim(0);
        this.units = w.shape().dim(1);
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
        if (backend.javaLoops(input)) {
            double[] x = CpuTensor.of(input).hostRead();
            double[] w = CpuTensor.of(weight.value()).hostRead();
            double[] b = CpuTensor.of(bias.value()).hostRead();
            double[] y = CpuTensor.of(output).hostOverwrite();
            for (int s = 0; s < n; s++) {
                System.arraycopy(b, 0, outputRow, 0, units);
                for (int i = 0; i < inputs; i++) {
                    double xi = x[s * inputs + i];
                    if (xi != 0) {
                        System.arraycopy(w, i * units, row, 0, units);
                        Host.axpy(xi, row, outputRow, units);
                    }
                }
                System.arraycopy(outputRow, 0, y, s * units, units);
            }
            return;
        }
        if (backend.floatKernels(input)) {
            float[] x = CpuTensor.of(input).floatsRead();
            float[] w = CpuTensor.of(weight.value()).floatsRead();
            float[] b = CpuTensor.of(bias.value()).floatsRead();
            float[] y = CpuTensor.of(output).floatsOverwrite();
            FloatGemm.sgemm(false, false, n, units, inputs, 1f, x, inputs, w, units, 0f, y, units);
            for (int s = 0; s < n; s++) {
                int at = s * units;
                for (int j = 0; j < units; j++) {
                    y[at + j] += b[j];
                }
            }
            return;
        }
        INDArray y = CpuTensor.array(output);
        Nd4j.gemm(CpuTensor.array(input), CpuTensor.array(weight.value()), y, false, false, 1.0, 0.0);
        y.addiRowVector(CpuTensor.array(bias.value()));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        int n = input.shape().dim(0);
        if (backend.javaLoops(input)) {
            propagate(CpuTensor.of(input).hostRead(), CpuTensor.of(weight.value()).hostRead(),
                    CpuTensor.of(outputGradient).hostRead(), CpuTensor.of(weight.gradient()).hostOverwrite(),
                    CpuTensor.of(bias.gradient()).hostOverwrite(),
                    inputGradient == null ? null : CpuTensor.of(inputGradient).hostOverwrite(), n);
            return;
        }
        if (backend.floatKernels(input)) {
            fx = CpuTensor.of(input).floatsRead();
            fdy = CpuTensor.of(outputGradient).floatsRead();
            fdx = inputGradient == null ? null : CpuTensor.of(inputGradient).floatsOverwrite();
            frows = n;
            // weight reads happen before the units run, so no unit brings a tensor's copy up to date concurrently
            CpuTensor.of(weight.value()).floatsRead();
            CpuTensor.of(weight.gradient()).floatsOverwrite();
            CpuTensor.of(bias.gradient()).floatsOverwrite();
            backend.workers().run(fdx == null ? 1 : 2, backwardUnit);
            return;
        }
        INDArray x = CpuTensor.array(input);
        INDArray dy = CpuTensor.array(outputGradient);
        Nd4j.gemm(x, dy, CpuTensor.array(weight.gradient()), true, false, 1.0, 0.0);
        // the bias gradient sums over the batch: one thread, one order (see SingleThreaded)
        SingleThreaded.run(() -> dy.sum(CpuTensor.array(bias.gradient()), 0));
        if (inputGradient != null) {
            Nd4j.gemm(dy, CpuTensor.array(weight.value()), CpuTensor.array(inputGradient), false, true, 1.0, 0.0);
        }
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
        Host.squares(CpuTensor.of(input).hostRead(), squaredInputs, n * inputs);
        Host.squares(CpuTensor.of(weight.value()).hostRead(), squaredWeights, inputs * units);
        propagate(squaredInputs, squaredWeights, CpuTensor.of(outputCurvature).hostRead(),
                CpuTensor.of(weight.curvature()).hostOverwrite(), CpuTensor.of(bias.curvature()).hostOverwrite(),
                inputCurvature == null ? null : CpuTensor.of(inputCurvature).hostOverwrite(), n);
    }

    /** dW = Σ x ⊗ dy, db = Σ dy, dx = W·dy (the curvature pass calls it with squared x and W). */
    private void propagate(double[] x, double[] w, double[] dy, double[] dw, double[] db, double[] dx, int n) {
        Arrays.fill(db, 0, units, 0.0);
        for (int s = 0; s < n; s++) {
            int go = s * units;
            System.arraycopy(dy, go, outputRow, 0, units);
            Host.axpy(1.0, outputRow, db, units);
            for (int i = 0; i < inputs; i++) {
                double xi = x[s * inputs + i];
                if (s == 0) {
                    Host.scale(xi, outputRow, row, units);
                } else {
                    System.arraycopy(dw, i * units, row, 0, units);
                    Host.axpy(xi, outputRow, row, units);
                }
                System.arraycopy(row, 0, dw, i * units, units);
                if (dx != null) {
                    dx[s * inputs + i] = Host.dot(w, i * units, outputRow, 0, units);
                }
            }
        }
    }

    /** Unit 0: dW = xᵀ·dy and db = Σ dy; unit 1: dx = dy·Wᵀ. Each is one product on one thread. */
    private void backwardPart(int unit, int worker) {
        if (unit == 0) {
            float[] dw = CpuTensor.of(weight.gradient()).floatsWrite();
            float[] db = CpuTensor.of(bias.gradient()).floatsWrite();
            FloatGemm.sgemm(true, false, inputs, units, frows, 1f, fx, inputs, fdy, units, 0f, dw, units);
            Arrays.fill(db, 0f);
            for (int s = 0; s < frows; s++) {
                int at = s * units;
                for (int j = 0; j < units; j++) {
                    db[j] += fdy[at + j];
                }
            }
        } else {
            float[] w = CpuTensor.of(weight.value()).floatsRead();
            FloatGemm.sgemm(false, true, frows, inputs, units, 1f, fdy, units, w, units, 0f, fdx, inputs);
        }
    }
}
