package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;

/**
 * The stochastic diagonal Levenberg–Marquardt method (LeCun et al. 1998, appendix C) on the device: curvature
 * passes accumulate samples × h into double sums, {@link #finishCurvature()} turns their per-sample average into
 * step factors 1/(μ + h_kk), and every step moves parameter k by −η/(μ + h_kk) · (g_k + wd·w_k).
 */
final class SdlmUpdater implements ParameterUpdater {
    private final CudaDevice device;
    private final ParameterTable table;
    private final DeviceBuffer sums;
    private final DeviceBuffer inverses;
    private final double mu;
    private final double weightDecay;
    private double learningRate;
    private long samples;
    private boolean estimated;

    SdlmUpdater(CudaDevice device, OptimizerConfig config, List<Parameter> trainable) {
        this.device = device;
        this.mu = config.mu();
        if (!(mu >= 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("SDLM's mu must be a non-negative number, got " + mu);
        }
        this.table = new ParameterTable(device, trainable, true);
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        this.sums = table.doubles();
        this.inverses = table.doubles();
    }

    @Override
    public boolean usesCurvature() {
        return true;
    }

    @Override
    public void resetCurvature() {
        device.zero(sums.pointer(), table.total() * 2);
        samples = 0;
    }

    @Override
    public void accumulateCurvature(int count) {
        device.launchOver(Kernel.SDLM_ACCUMULATE, table.total(), table.curvatures(), table.offsets(), table.count(),
                sums.pointer(), (double) count);
        samples += count;
    }

    @Override
    public void finishCurvature() {
        if (samples == 0) {
            throw new IllegalStateException("no curvature was accumulated");
        }
        device.launchOver(Kernel.SDLM_FINISH, table.total(), sums.pointer(), inverses.pointer(), table.total(),
                1.0 / samples, mu);
        estimated = true;
    }

    @Override
    public void update(long step) {
        if (!estimated) {
            throw new IllegalStateException("SDLM steps need a curvature estimate first");
        }
        device.launchOver(Kernel.SDLM_STEP, table.total(), table.values(), table.gradients(), table.offsets(),
                table.count(), inverses.pointer(), learningRate, weightDecay);
    }

    /** Empty: the curvature estimate is made anew before every epoch, as the CPU backend's. */
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
}
