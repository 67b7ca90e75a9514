package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam with PyTorch's semantics (ε added after the bias-corrected square root): g' = g + wd·p;
 * m = β1·m + (1-β1)·g'; v = β2·v + (1-β2)·g'²; p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε).
 * In place, with one work array per parameter allocated up front.
 */
final class AdamUpdater implements ParameterUpdater {
    private final INDArray[] values;
    private final INDArray[] gradients;
    private final INDArray[] firstMoments;
    private final INDArray[] secondMoments;
    private final INDArray[] work;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private double learningRate;

    AdamUpdater(OptimizerConfig config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new INDArray[n];
        this.gradients = new INDArray[n];
        this.firstMoments = new INDArray[n];
        this.secondMoments = new INDArray[n];
        this.work = new INDArray[n];
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            values[i] = CpuTensor.array(p.value());
            gradients[i] = CpuTensor.array(p.gradient());
            firstMoments[i] = values[i].ulike().assign(0);
            secondMoments[i] = values[i].ulike().assign(0);
            work[i] = values[i].ulike();
        }
    }

    @Override
    public void update(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("Adam steps count from 1, got " + step);
        }
        double correction1 = 1.0 - Math.pow(beta1, step);
        double correction2 = 1.0 - Math.pow(beta2, step);
        double stepSize = learningRate / correction1;
        double rootCorrection2 = Math.sqrt(correction2);
        for (int i = 0; i < values.length; i++) {
            INDArray p = values[i];
            INDArray m = firstMoments[i];
            INDArray v = secondMoments[i];
            INDArray s = work[i];
            // s = g + wd·p
            Ops.copy(gradients[i], s);
            if (weightDecay != 0) {
                Ops.axpy(weightDecay, p, s);
            }
            m.muli(beta1);
            Ops.axpy(1.0 - beta1, s, m);
            s.muli(s);
            v.muli(beta2);
            Ops.axpy(1.0 - beta2, s, v);
            // s = m / (sqrt(v) / sqrt(1 - β2^t) + ε)
            Nd4j.exec(new Sqrt(v, s));
            s.divi(rootCorrection2).addi(epsilon);
            s.rdivi(m);
            Ops.axpy(-stepSize, s, p);
        }
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }
}
