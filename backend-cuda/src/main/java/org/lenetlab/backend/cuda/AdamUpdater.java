package org.lenetlab.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;

/**
 * Adam with PyTorch's semantics, one launch per step ({@code adam_step}): s = g + wd·p; m = β1·m + (1−β1)·s;
 * v = β2·v + (1−β2)·s²; p −= lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + ε), in the CPU backend's equivalent form
 * with the step size and the shifted ε computed on the host.
 *
 * <p>{@link #state()}: the first moment m of each parameter in parameter order, then the second moment v of each.
 */
final class AdamUpdater implements ParameterUpdater {
    private final CudaDevice device;
    private final ParameterTable table;
    private final DeviceBuffer first;
    private final DeviceBuffer second;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private double learningRate;

    AdamUpdater(CudaDevice device, OptimizerConfig config, List<Parameter> trainable) {
        this.device = device;
        this.table = new ParameterTable(device, trainable, false);
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        this.first = table.floats();
        this.second = table.floats();
    }

    @Override
    public void update(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("Adam steps count from 1, got " + step);
        }
        double rootCorrection2 = Math.sqrt(1.0 - Math.pow(beta2, step));
        double stepSize = learningRate * rootCorrection2 / (1.0 - Math.pow(beta1, step));
        double shiftedEpsilon = epsilon * rootCorrection2;
        device.launchOver(Kernel.ADAM_STEP, table.total(), table.values(), table.gradients(), table.offsets(),
                table.count(), first.pointer(), second.pointer(), (float) beta1, (float) beta2, (float) stepSize,
                (float) shiftedEpsilon, (float) weightDecay);
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public List<float[]> state() {
        List<float[]> state = new ArrayList<>(table.split(first));
        state.addAll(table.split(second));
        return state;
    }

    @Override
    public void restore(List<float[]> state) {
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
