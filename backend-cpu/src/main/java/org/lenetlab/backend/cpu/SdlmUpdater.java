package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.OptimizerPlan;

/**
 * The stochastic diagonal Levenberg–Marquardt method ({@link OptimizerPlan.Sdlm}) in float64 arithmetic, in every
 * engine: the curvature passes of a sample are accumulated into h_kk, averaged per sample, and every following step
 * moves parameter k by −η/(μ + h_kk) · (g_k + wd·w_k). The step sizes are fixed between estimates; η follows the
 * schedule through {@link #setLearningRate}. Float64 tensors are updated in place; others (float32) through a
 * float64 copy, each value rounded back once per step. No state outlives an epoch.
 */
final class SdlmUpdater implements ParameterUpdater {
    private final Tensor[] values;
    private final Tensor[] gradients;
    private final Tensor[] curvatures;
    private final double[][] sums;
    /** 1/(μ + h_kk) per parameter value. */
    private final double[][] inverses;
    /** Float64 copies of values, gradients and curvatures for tensors that are not float64; else the tensors' own. */
    private final double[][] valueScratch;
    private final double[][] gradientScratch;
    private final double[][] curvatureScratch;
    private final OptimizerPlan.Sdlm config;
    private double learningRate;
    private long samples;
    private boolean estimated;

    SdlmUpdater(OptimizerPlan.Sdlm config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new Tensor[n];
        this.gradients = new Tensor[n];
        this.curvatures = new Tensor[n];
        this.sums = new double[n][];
        this.inverses = new double[n][];
        this.valueScratch = new double[n][];
        this.gradientScratch = new double[n][];
        this.curvatureScratch = new double[n][];
        this.config = config;
        this.learningRate = config.learningRate();
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            if (p.curvature() == null) {
                throw new IllegalArgumentException("parameter " + p.plan().name() + " has no curvature tensor");
            }
            values[i] = p.value();
            gradients[i] = p.gradient();
            curvatures[i] = p.curvature();
            int length = Math.toIntExact(p.plan().shape().size());
            sums[i] = new double[length];
            inverses[i] = new double[length];
            valueScratch[i] = doubles(p.value(), length);
            gradientScratch[i] = doubles(p.gradient(), length);
            curvatureScratch[i] = doubles(p.curvature(), length);
        }
    }

    /** The tensor's own array when it is float64, else a new one to copy through. */
    private static double[] doubles(Tensor tensor, int length) {
        return tensor instanceof DoubleTensor d ? d.data() : new double[length];
    }

    private static double[] read(Tensor tensor, double[] scratch) {
        if (!(tensor instanceof DoubleTensor)) {
            tensor.read(scratch);
        }
        return scratch;
    }

    @Override
    public void resetCurvature() {
        for (double[] s : sums) {
            Arrays.fill(s, 0.0);
        }
        samples = 0;
    }

    @Override
    public void accumulateCurvature(int count) {
        for (int i = 0; i < sums.length; i++) {
            DoubleMath.axpy(count, read(curvatures[i], curvatureScratch[i]), 0, sums[i], 0, sums[i].length);
        }
        samples += count;
    }

    @Override
    public void finishCurvature() {
        if (samples == 0) {
            throw new IllegalStateException("no curvature was accumulated");
        }
        double perSample = 1.0 / samples;
        for (int i = 0; i < sums.length; i++) {
            double[] s = sums[i];
            double[] inv = inverses[i];
            for (int k = 0; k < s.length; k++) {
                inv[k] = config.inverse(s[k] * perSample);
            }
        }
        estimated = true;
    }

    @Override
    public void update(long step) {
        if (!estimated) {
            throw new IllegalStateException("SDLM steps need a curvature estimate first");
        }
        double eta = learningRate;
        double weightDecay = config.weightDecay();
        for (int i = 0; i < values.length; i++) {
            double[] g = read(gradients[i], gradientScratch[i]);
            double[] p = read(values[i], valueScratch[i]);
            double[] inv = inverses[i];
            int n = p.length;
            if (weightDecay == 0) {
                for (int k = 0; k < n; k++) {
                    p[k] -= eta * inv[k] * g[k];
                }
            } else {
                for (int k = 0; k < n; k++) {
                    p[k] -= eta * inv[k] * (g[k] + weightDecay * p[k]);
                }
            }
            if (!(values[i] instanceof DoubleTensor)) {
                values[i].write(p);
            }
        }
    }

    /** Empty: see {@link OptimizerPlan}'s state layout. */
    @Override
    public List<double[]> state() {
        return List.of();
    }

    @Override
    public void restore(List<double[]> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("SDLM keeps no state between epochs, but " + state.size()
                    + " arrays were given");
        }
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    /** The current step size η/(μ + h_kk) of value {@code index} of trainable parameter {@code parameter}. */
    double stepSize(int parameter, int index) {
        return learningRate * inverses[parameter][index];
    }
}
