package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;

/**
 * The stochastic diagonal Levenberg–Marquardt method ({@link OptimizerPlan.Sdlm}) on the device: curvature passes
 * accumulate samples × h into double sums, {@link #finishCurvature()} turns their per-sample average into the step
 * factors of {@link OptimizerPlan.Sdlm#inverse} (1/(μ + max(h_kk, 0)), computed by {@code sdlm_finish} on the
 * device), and every step moves parameter k by −η/(μ + h_kk) · (g_k + wd·w_k) in double, rounded to float32 once.
 *
 * <p>No state: as {@link OptimizerPlan} lays it out, the estimate is made anew before every epoch, so
 * {@link #state()} is empty and {@link #restore} accepts only an empty list.
 */
final class SdlmUpdater implements ParameterUpdater {
    private final CudaDevice device;
    private final ParameterTable table;
    private final DeviceBuffer sums;
    private final DeviceBuffer inverses;
    private final OptimizerPlan.Sdlm config;
    private double learningRate;
    private long samples;
    private boolean estimated;

    SdlmUpdater(CudaDevice device, OptimizerPlan.Sdlm config, List<Parameter> trainable) {
        this.device = device;
        this.config = config;
        this.table = new ParameterTable(device, trainable, true);
        this.learningRate = config.learningRate();
        this.sums = table.doubles();
        this.inverses = table.doubles();
    }

    @Override
    public void resetCurvature() {
        device.zero(sums.pointer(), table.total() * 2); // 32-bit words: two per double
        samples = 0;
    }

    @Override
    public void accumulateCurvature(int count) {
        device.launchOver(DeviceFunction.SDLM_ACCUMULATE, table.total(), table.curvatures(), table.offsets(),
                table.count(), sums.pointer(), (double) count);
        samples += count;
    }

    @Override
    public void finishCurvature() {
        if (samples == 0) {
            throw new IllegalStateException("no curvature was accumulated");
        }
        device.launchOver(DeviceFunction.SDLM_FINISH, table.total(), sums.pointer(), inverses.pointer(), table.total(),
                1.0 / samples, config.mu());
        estimated = true;
    }

    @Override
    public void update(long step) {
        if (!estimated) {
            throw new IllegalStateException("SDLM steps need a curvature estimate first");
        }
        device.launchOver(DeviceFunction.SDLM_STEP, table.total(), table.values(), table.gradients(), table.offsets(),
                table.count(), inverses.pointer(), learningRate, config.weightDecay());
    }

    /** Empty: SDLM keeps no state between epochs. */
    @Override
    public List<double[]> state() {
        return List.of();
    }

    /** Accepts only an empty list. */
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
}
