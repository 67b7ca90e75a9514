package org.lenetlab.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;

/**
 * SGD and Adam on the parameters' float32 copies, as Java loops the JIT compiler vectorises: the float32 backend's
 * update rules when its float32 kernels are on. Same rules, same state layout (so checkpoints move between these and
 * {@link SgdUpdater} / {@link AdamUpdater}) and the same PyTorch semantics as those classes, which document them.
 */
final class FloatUpdaters {
    private FloatUpdaters() {
    }

    /** SGD with optional momentum and weight decay; state: each parameter's velocity when momentum is used. */
    static ParameterUpdater sgd(OptimizerConfig config, List<Parameter> trainable) {
        return new Sgd(config, trainable);
    }

    /** Adam; state: every first moment in parameter order, then every second moment. */
    static ParameterUpdater adam(OptimizerConfig config, List<Parameter> trainable) {
        return new Adam(config, trainable);
    }

    private static CpuTensor[] tensors(List<Parameter> trainable, boolean gradients) {
        CpuTensor[] out = new CpuTensor[trainable.size()];
        for (int i = 0; i < out.length; i++) {
            Parameter p = trainable.get(i);
            out[i] = CpuTensor.of(gradients ? p.gradient() : p.value());
        }
        return out;
    }

    private static float[][] zeros(CpuTensor[] like) {
        float[][] out = new float[like.length][];
        for (int i = 0; i < like.length; i++) {
            out[i] = new float[like[i].length()];
        }
        return out;
    }

    private static List<float[]> copies(float[][]... groups) {
        List<float[]> out = new ArrayList<>();
        for (float[][] group : groups) {
            for (float[] a : group) {
                out.add(a.clone());
            }
        }
        return out;
    }

    private static void restoreInto(List<float[]> state, float[][]... groups) {
        int expected = 0;
        for (float[][] group : groups) {
            expected += group.length;
        }
        if (state.size() != expected) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, expected " + expected);
        }
        int i = 0;
        for (float[][] group : groups) {
            for (float[] a : group) {
                if (state.get(i).length != a.length) {
                    throw new IllegalArgumentException("optimizer state array " + i + " has " + state.get(i).length
                            + " values, expected " + a.length);
                }
                i++;
            }
        }
        i = 0;
        for (float[][] group : groups) {
            for (float[] a : group) {
                System.arraycopy(state.get(i++), 0, a, 0, a.length);
            }
        }
    }

    private static final class Sgd implements ParameterUpdater {
        private final CpuTensor[] values;
        private final CpuTensor[] gradients;
        private final float[][] velocities;
        private final float momentum;
        private final float weightDecay;
        private double learningRate;

        Sgd(OptimizerConfig config, List<Parameter> trainable) {
            this.values = tensors(trainable, false);
            this.gradients = tensors(trainable, true);
            this.momentum = (float) config.momentum();
            this.weightDecay = (float) config.weightDecay();
            this.learningRate = config.learningRate();
            this.velocities = momentum > 0 ? zeros(values) : new float[0][];
        }

        @Override
        public void update(long step) {
            float lr = (float) learningRate;
            for (int i = 0; i < values.length; i++) {
                float[] g = gradients[i].floatsRead();
                float[] p = values[i].floatsWrite();
                int n = p.length;
                if (momentum > 0) {
                    float[] v = velocities[i];
                    float mu = momentum;
                    float wd = weightDecay;
                    for (int k = 0; k < n; k++) {
                        v[k] = mu * v[k] + g[k] + wd * p[k];
                        p[k] = p[k] - lr * v[k];
                    }
                } else {
                    float keep = 1f - lr * weightDecay;
                    for (int k = 0; k < n; k++) {
                        p[k] = keep * p[k] - lr * g[k];
                    }
                }
            }
        }

        @Override
        public void setLearningRate(double learningRate) {
            this.learningRate = learningRate;
        }

        @Override
        public List<float[]> state() {
            return copies(velocities);
        }

        @Override
        public void restore(List<float[]> state) {
            restoreInto(state, velocities);
        }
    }

    private static final class Adam implements ParameterUpdater {
        private final CpuTensor[] values;
        private final CpuTensor[] gradients;
        private final float[][] firstMoments;
        private final float[][] secondMoments;
        private final double beta1;
        private final double beta2;
        private final double epsilon;
        private final float weightDecay;
        private double learningRate;

        Adam(OptimizerConfig config, List<Parameter> trainable) {
            this.values = tensors(trainable, false);
            this.gradients = tensors(trainable, true);
            this.firstMoments = zeros(values);
            this.secondMoments = zeros(values);
            this.beta1 = config.beta1();
            this.beta2 = config.beta2();
            this.epsilon = config.epsilon();
            this.weightDecay = (float) config.weightDecay();
            this.learningRate = config.learningRate();
        }

        @Override
        public void update(long step) {
            if (step < 1) {
                throw new IllegalArgumentException("Adam steps count from 1, got " + step);
            }
            double rootCorrection2 = Math.sqrt(1.0 - Math.pow(beta2, step));
            float stepSize = (float) (learningRate * rootCorrection2 / (1.0 - Math.pow(beta1, step)));
            float shiftedEpsilon = (float) (epsilon * rootCorrection2);
            float b1 = (float) beta1;
            float c1 = (float) (1.0 - beta1);
            float b2 = (float) beta2;
            float c2 = (float) (1.0 - beta2);
            float wd = weightDecay;
            for (int i = 0; i < values.length; i++) {
                float[] g = gradients[i].floatsRead();
                float[] p = values[i].floatsWrite();
                float[] m = firstMoments[i];
                float[] v = secondMoments[i];
                int n = p.length;
                for (int k = 0; k < n; k++) {
                    float s = g[k] + wd * p[k];
                    m[k] = b1 * m[k] + c1 * s;
                    v[k] = b2 * v[k] + c2 * (s * s);
                    p[k] = p[k] - stepSize * (m[k] / ((float) Math.sqrt(v[k]) + shiftedEpsilon));
                }
            }
        }

        @Override
        public void setLearningRate(double learningRate) {
            this.learningRate = learningRate;
        }

        @Override
        public List<float[]> state() {
            return copies(firstMoments, secondMoments);
        }

        @Override
        public void restore(List<float[]> state) {
            restoreInto(state, firstMoments, secondMoments);
        }
    }
}
