package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam with PyTorch's semantics (ε added after the bias-corrected square root): g' = g + wd·p;
 * m = β1·m + (1-β1)·g'; v = β2·v + (1-β2)·g'²; p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε).
 *
 * <p>In place, with two work arrays per parameter allocated up front. Scalar steps use BLAS level-1 calls, which
 * cost far less per call than ND4J's scalar ops; the last line is computed in the equivalent form
 * p -= (lr·sqrt(1-β2^t)/(1-β1^t)) · m / (sqrt(v) + ε·sqrt(1-β2^t)), adding the constant with an axpy on ones.
 *
 * <p>{@link #state()}: the first moment m of each parameter in parameter order, then the second moment v of each.
 * The step t is not state: the training loop passes it to every update.
 */
final class AdamUpdater implements ParameterUpdater {
    private final CpuTensor[] values;
    private final CpuTensor[] gradients;
    private final INDArray[] firstMoments;
    private final INDArray[] secondMoments;
    private final INDArray[] work;
    private final INDArray[] ones;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private double learningRate;

    AdamUpdater(OptimizerConfig config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new CpuTensor[n];
        this.gradients = new CpuTensor[n];
        this.firstMoments = new INDArray[n];
        this.secondMoments = new INDArray[n];
        this.work = new INDArray[n];
        this.ones = new INDArray[n];
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            values[i] = CpuTensor.of(p.value());
            gradients[i] = CpuTensor.of(p.gradient());
            firstMoments[i] = values[i].array().ulike().assign(0);
            secondMoments[i] = values[i].array().ulike().assign(0);
            work[i] = values[i].array().ulike();
            ones[i] = values[i].array().ulike().assign(1);
        }
    }

    @Override
    public void update(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("Adam steps count from 1, got " + step);
        }
        double rootCorrection2 = Math.sqrt(1.0 - Math.pow(beta2, step));
        double stepSize = learningRate * rootCorrection2 / (1.0 - Math.pow(beta1, step));
        double shiftedEpsilon = epsilon * rootCorrection2;
        for (int i = 0; i < values.length; i++) {
            INDArray p = values[i].array();
            INDArray m = firstMoments[i];
            INDArray v = secondMoments[i];
            INDArray s = work[i];
            // s = g + wd·p
            Ops.copy(gradients[i].array(), s);
            if (weightDecay != 0) {
                Ops.axpy(weightDecay, p, s);
            }
            Ops.scale(beta1, m);
            Ops.axpy(1.0 - beta1, s, m);
            Nd4j.getExecutioner().exec(new MulOp(s, s, s));
            Ops.scale(beta2, v);
            Ops.axpy(1.0 - beta2, s, v);
            // s = m / (sqrt(v) + ε·sqrt(1 - β2^t))
            Nd4j.getExecutioner().exec(new Sqrt(v, s));
            Ops.axpy(shiftedEpsilon, ones[i], s);
            Nd4j.getExecutioner().exec(new DivOp(m, s, s));
            Ops.axpy(-stepSize, s, p);
        }
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public List<float[]> state() {
        return UpdaterState.read(moments());
    }

    @Override
    public void restore(List<float[]> state) {
        UpdaterState.write(state, moments());
    }

    private INDArray[] moments() {
        INDArray[] all = new INDArray[firstMoments.length * 2];
        System.arraycopy(firstMoments, 0, all, 0, firstMoments.length);
        System.arraycopy(secondMoments, 0, all, firstMoments.length, secondMoments.length);
        return all;
    }
}
