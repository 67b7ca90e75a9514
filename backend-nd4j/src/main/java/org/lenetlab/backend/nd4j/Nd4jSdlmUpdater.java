package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The stochastic diagonal Levenberg–Marquardt method ({@link OptimizerPlan.Sdlm}) as ND4J ops: each curvature pass
 * is added, weighted by its sample count, into float64 sums h_kk; at the end of an estimate the step factors
 * 1/(μ + max(h_kk, 0)) per value are computed once (float64, then held in the parameters' precision); every step
 * moves parameter k by −η · factor_k · (g_k + wd·w_k). η follows the schedule through {@link #setLearningRate}. No
 * state outlives an epoch (see {@link OptimizerPlan}).
 */
final class Nd4jSdlmUpdater implements ParameterUpdater {
    private final INDArray[] values;
    private final INDArray[] gradients;
    private final INDArray[] curvatures;
    private final INDArray[] sums;
    private final INDArray[] inverses;
    private final INDArray[] work;
    private final OptimizerPlan.Sdlm config;
    private double learningRate;
    private long samples;
    private boolean estimated;

    Nd4jSdlmUpdater(OptimizerPlan.Sdlm config, List<Parameter> trainable) {
        int n = trainable.size();
        this.values = new INDArray[n];
        this.gradients = new INDArray[n];
        this.curvatures = new INDArray[n];
        this.sums = new INDArray[n];
        this.inverses = new INDArray[n];
        this.work = new INDArray[n];
        this.config = config;
        this.learningRate = config.learningRate();
        for (int i = 0; i < n; i++) {
            Parameter p = trainable.get(i);
            if (p.curvature() == null) {
                throw new IllegalArgumentException("parameter " + p.plan().name() + " has no curvature tensor");
            }
            values[i] = Nd4jTensor.array(p.value());
            gradients[i] = Nd4jTensor.array(p.gradient());
            curvatures[i] = Nd4jTensor.array(p.curvature());
            sums[i] = Nd4j.create(DataType.DOUBLE, values[i].shape());
            inverses[i] = values[i].ulike();
            work[i] = values[i].ulike();
        }
    }

    @Override
    public void resetCurvature() {
        for (INDArray s : sums) {
            s.assign(0);
        }
        samples = 0;
    }

    @Override
    public void accumulateCurvature(int count) {
        for (int i = 0; i < sums.length; i++) {
            INDArray h = curvatures[i].dataType() == DataType.DOUBLE ? curvatures[i]
                    : curvatures[i].castTo(DataType.DOUBLE);
            Ops.axpy(count, h, sums[i]);
        }
        samples += count;
    }

    @Override
    public void finishCurvature() {
        if (samples == 0) {
            throw new IllegalStateException("no curvature was accumulated");
        }
        for (int i = 0; i < sums.length; i++) {
            // 1 / (μ + max(h/samples, 0))
            INDArray h = Transforms.max(sums[i].div(samples), 0.0, false).addi(config.mu());
            inverses[i].assign(Transforms.pow(h, -1, false));
        }
        estimated = true;
    }

    @Override
    public void update(long step) {
        if (!estimated) {
            throw new IllegalStateException("SDLM steps need a curvature estimate first");
        }
        double weightDecay = config.weightDecay();
        for (int i = 0; i < values.length; i++) {
            INDArray s = work[i];
            Ops.copy(gradients[i], s);
            if (weightDecay != 0) {
                Ops.axpy(weightDecay, values[i], s);
            }
            Nd4j.exec(new MulOp(s, inverses[i], s));
            Ops.axpy(-learningRate, s, values[i]);
        }
    }

    /** Empty: see {@link OptimizerPlan}'s state layout. */
    @Override
    public List<double[]> state() {
        return List.of();
    }

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
