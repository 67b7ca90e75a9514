package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD ({@link OptimizerPlan.Sgd}) in the nd4j backend, in place with BLAS level-1 calls; the gradients are
 * left as the backward pass wrote them. State as {@link OptimizerPlan} documents.
 */
final class Nd4jSgdUpdater implements ParameterUpdater {
    private final INDArray[] values;
    private final INDArray[] gradients;
    private final INDArray[] velocities;
    private final double momentum;
    private final double weightDecay;
    private double learningRate;

    Nd4jSgdUpdater(OptimizerPlan.Sgd config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new INDArray[n];
        this.gradients = new INDArray[n];
        this.velocities = new INDArray[n];
        this.momentum = config.momentum();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            values[i] = Nd4jTensor.array(p.value());
            gradients[i] = Nd4jTensor.array(p.gradient());
            if (momentum > 0) {
                velocities[i] = values[i].ulike().assign(0);
            }
        }
    }

    @Override
    public void update(long step) {
        for (int i = 0; i < values.length; i++) {
            INDArray g = gradients[i];
            INDArray p = values[i];
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
    public List<double[]> state() {
        return momentum > 0 ? UpdaterState.read(velocities) : List.of();
    }

    @Override
    public void restore(List<double[]> state) {
        UpdaterState.write(state, momentum > 0 ? velocities : new INDArray[0]);
    }
}
