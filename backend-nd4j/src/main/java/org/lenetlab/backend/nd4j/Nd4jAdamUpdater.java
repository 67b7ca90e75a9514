package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam ({@link OptimizerPlan.Adam}) in the nd4j backend, in place, with two work arrays per parameter
 * allocated up front. Scalar steps use BLAS level-1 calls, which cost far less per call than ND4J's scalar ops; the
 * update p −= stepSize · m / (√v + shiftedEpsilon) adds the constant with an axpy on ones. State as
 * {@link OptimizerPlan} documents.
 */
final class Nd4jAdamUpdater implements ParameterUpdater {
    private final INDArray[] values;
    private final INDArray[] gradients;
    private final INDArray[] firstMoments;
    private final INDArray[] secondMoments;
    private final INDArray[] work;
    private final INDArray[] ones;
    private final OptimizerPlan.Adam config;
    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private double learningRate;

    Nd4jAdamUpdater(OptimizerPlan.Adam config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new INDArray[n];
        this.gradients = new INDArray[n];
        this.firstMoments = new INDArray[n];
        this.secondMoments = new INDArray[n];
        this.work = new INDArray[n];
        this.ones = new INDArray[n];
        this.config = config;
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.weightDecay = config.weightDecay();
        this.learningRate = config.learningRate();
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            values[i] = Nd4jTensor.array(p.value());
            gradients[i] = Nd4jTensor.array(p.gradient());
            firstMoments[i] = values[i].ulike().assign(0);
            secondMoments[i] = values[i].ulike().assign(0);
            work[i] = values[i].ulike();
            ones[i] = values[i].ulike().assign(1);
        }
    }

    @Override
    public void update(long step) {
        double stepSize = config.stepSize(learningRate, step);
        double shiftedEpsilon = config.shiftedEpsilon(step);
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
    public List<double[]> state() {
        return UpdaterState.read(moments());
    }

    @Override
    public void restore(List<double[]> state) {
        UpdaterState.write(state, moments());
    }

    private INDArray[] moments() {
        INDArray[] all = new INDArray[firstMoments.length * 2];
        System.arraycopy(firstMoments, 0, all, 0, firstMoments.length);
        System.arraycopy(secondMoments, 0, all, firstMoments.length, secondMoments.length);
        return all;
    }
}
