package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with PyTorch's semantics: g' = g + wd·p; with momentum μ > 0, v = μ·v + g' (v starts at 0, so the first
 * step has v = g'); p -= lr·v (or lr·g' without momentum). In place with BLAS level-1 calls; the gradients are
 * left as the backward pass wrote them.
 *
 * <p>{@link #state()}: the velocity of each parameter, in parameter order, when momentum is used; empty without.
 */
final class SgdUpdater implements ParameterUpdater {
    private final CpuTensor[] values;
    private final CpuTensor[] gradients;
    private final INDArray[] velocities;
    private final double momentum;
    private final double weightDecay;
    private double learningRate;

    SgdUpdater(OptimizerConfig config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new CpuTensor[n];
        this.gradients = new CpuTensor[n];
        this.velocities = new INDArray[n];
        this.momentum = config.momentum();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            values[i] = CpuTensor.of(p.value());
            gradients[i] = CpuTensor.of(p.gradient());
            if (momentum > 0) {
                velocities[i] = values[i].array().ulike().assign(0);
            }
        }
    }

    @Override
    public void update(long step) {
        for (int i = 0; i < values.length; i++) {
            INDArray g = gradients[i].array();
            INDArray p = values[i].array();
            if (momentum > 0) {
                INDArray v = velocities[i];
                Ops.scale(momentum, v);
                Ops.axpy(1.0, g, v);
                if (weightDecay != 0) {
                    Ops.axpy(weightDecay, p, v);
                }
                Ops.axpy(-learningRate, v, p);
            } else {
                if (weightDecay != 0) {
                    Ops.scale(1.0 - learningRate * weightDecay, p);
                }
                Ops.axpy(-learningRate, g, p);
            }
        }
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public List<float[]> state() {
        return momentum > 0 ? UpdaterState.read(velocities) : List.of();
    }

    @Override
    public void restore(List<float[]> state) {
        UpdaterState.write(state, momentum > 0 ? velocities : new INDArray[0]);
    }
}
