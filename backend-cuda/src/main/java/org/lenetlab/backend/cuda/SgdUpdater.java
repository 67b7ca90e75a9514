package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;

/**
 * SGD ({@link OptimizerPlan.Sgd}), one launch per step ({@code sgd_step}): with momentum μ &gt; 0, v = μ·v + g + wd·p
 * and p −= lr·v; without, p = p·(1 − lr·wd) − lr·g.
 *
 * <p>{@link #state()}, as {@link OptimizerPlan} lays it out: the velocity of each parameter, in parameter order,
 * when momentum is used; empty without.
 */
final class SgdUpdater implements ParameterUpdater {
    private final CudaDevice device;
    private final ParameterTable table;
    private final DeviceBuffer velocity;
    private final double momentum;
    private final double weightDecay;
    private double learningRate;

    SgdUpdater(CudaDevice device, OptimizerPlan.Sgd config, List<Parameter> trainable) {
        this.device = device;
        this.table = new ParameterTable(device, trainable, false);
        this.momentum = config.momentum();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        this.velocity = table.floats();
    }

    @Override
    public void update(long step) {
        device.launchOver(DeviceFunction.SGD_STEP, table.total(), table.values(), table.gradients(), table.offsets(),
                table.count(), velocity.pointer(), (float) learningRate, (float) momentum, (float) weightDecay,
                momentum > 0 ? 1 : 0);
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public List<double[]> state() {
        return momentum > 0 ? table.split(velocity) : List.of();
    }

    @Override
    public void restore(List<double[]> state) {
        int expected = momentum > 0 ? table.count() : 0;
        if (state.size() != expected) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, expected " + expected);
        }
        if (expected > 0) {
            table.check(state, 0);
            table.join(state, 0, velocity);
        }
    }
}
