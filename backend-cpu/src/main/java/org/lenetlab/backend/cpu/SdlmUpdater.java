package org.lenetlab.backend.cpu;

import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;

/**
 * The stochastic diagonal Levenberg–Marquardt method (LeCun et al. 1998, appendix C), in Java on the parameters'
 * Java copies: the training loop accumulates the curvature passes of a sample into h_kk, averaged per sample, and
 * every following step moves parameter k by −η/(μ + h_kk) · (g_k + wd·w_k). The step sizes are fixed between
 * estimates; η follows the schedule through {@link #setLearningRate}.
 */
final class SdlmUpdater implements ParameterUpdater {
    private final CpuTensor[] values;
    private final CpuTensor[] gradients;
    private final CpuTensor[] curvatures;
    private final double[][] sums;
    /** 1/(μ + h_kk) per parameter value; {@code null} until the first estimate. */
    private final double[][] inverses;
    private final double mu;
    private final double weightDecay;
    private double learningRate;
    private long samples;
    private boolean estimated;

    SdlmUpdater(OptimizerConfig config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new CpuTensor[n];
        this.gradients = new CpuTensor[n];
        this.curvatures = new CpuTensor[n];
        this.sums = new double[n][];
        this.inverses = new double[n][];
        this.mu = config.mu();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        if (!(mu >= 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("SDLM's mu must be a non-negative number, got " + mu);
        }
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            if (p.curvature() == null) {
                throw new IllegalArgumentException("parameter " + p.plan().name() + " has no curvature tensor");
            }
            values[i] = CpuTensor.of(p.value());
            gradients[i] = CpuTensor.of(p.gradient());
            curvatures[i] = CpuTensor.of(p.curvature());
            sums[i] = new double[values[i].length()];
            inverses[i] = new double[values[i].length()];
        }
    }

    @Override
    public boolean usesCurvature() {
        return true;
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
            Host.axpy(count, curvatures[i].hostRead(), 0, sums[i], 0, sums[i].length);
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
                inv[k] = 1.0 / (mu + Math.max(s[k] * perSample, 0.0));
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
        for (int i = 0; i < values.length; i++) {
            double[] g = gradients[i].hostRead();
            double[] p = values[i].hostWrite();
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
        }
    }

    /**
     * Empty: the curvature estimate is made anew before every epoch, and checkpoints are taken between epochs, so
     * nothing else carries over.
     */
    @Override
    public List<float[]> state() {
        return List.of();
    }

    @Override
    public void restore(List<float[]> state) {
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
