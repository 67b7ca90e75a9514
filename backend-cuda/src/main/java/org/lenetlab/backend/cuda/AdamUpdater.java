package org.lenetlab.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;

/**
 * Adam ({@link OptimizerPlan.Adam}), one launch per step ({@code adam_step}): s = g + wd·p; m = β1·m + (1−β1)·s;
 * v = β2·v + (1−β2)·s²; p −= stepSize · m / (√v + shiftedEpsilon), with the bias-corrected step size and ε from
 * {@link OptimizerPlan.Adam#stepSize} and {@link OptimizerPlan.Adam#shiftedEpsilon}, computed on the host in double
 * and passed rounded to float32.
 *
 * <p>{@link #state()}, as {@link OptimizerPlan} lays it out: the first moment m of each parameter in parameter order,
 * then the second moment v of each.
 */
final class AdamUpdater implements ParameterUpdater {
    private final CudaDevice device;
    private final ParameterTable table;
    private final DeviceBuffer first;
    private final DeviceBuffer second;
    private final OptimizerPlan.Adam config;
    private double learningRate;

    AdamUpdater(CudaDevice device, OptimizerPlan.Adam config, List<Parameter> trainable) {
        this.device = device;
        this.table = new ParameterTable(device, trainable, false);
        this.config = config;
        this.learningRate = config.learningRate();
        this.first = table.floats();
        this.second = table.floats();
    }

    @Override
    public void update(long step) {
        double stepSize = config.stepSize(learningRate, step);
        double shiftedEpsilon = config.shiftedEpsilon(step);
        device.launchOver(DeviceFunction.ADAM_STEP, table.total(), table.values(), table.gradients(), table.offsets(),
                table.count(), first.pointer(), second.pointer(), (float) config.beta1(), (float) config.beta2(),
                (float) stepSize, (float) shiftedEpsilon, (float) config.weightDecay());
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public List<double[]> state() {
        List<double[]> state = new ArrayList<>(table.split(first));
        state.addAll(table.split(second));
        return state;
    }

    @Override
    public void restore(List<double[]> state) {
        if (state.size() != 2 * table.count()) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, expected "
                    + 2 * table.count());
        }
        table.check(state, 0);
        table.check(state, table.count());
        table.join(state, 0, first);
        table.join(state, table.count(), second);
    }
}
