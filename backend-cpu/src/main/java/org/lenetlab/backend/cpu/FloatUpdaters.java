package org.lenetlab.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;

/**
 * SGD and Adam in the float32 engine, as Java loops the JIT compiler vectorises, with the rules and state layout
 * that {@link OptimizerPlan} documents.
 */
final class FloatUpdaters {
    private FloatUpdaters() {
    }

    /** SGD with optional momentum and weight decay; state: each parameter's velocity when momentum is used. */
    static ParameterUpdater sgd(OptimizerPlan.Sgd config, List<Parameter> trainable) {
        return new Sgd(config, trainable);
    }

    /** Adam; state: every first moment in parameter order, then every second moment. */
    static ParameterUpdater adam(OptimizerPlan.Adam config, List<Parameter> trainable) {
        return new Adam(config, trainable);
    }

    private static float[][] arrays(List<Parameter> trainable, boolean gradients) {
        float[][] out = new float[trainable.size()][];
        for (int i = 0; i < out.length; i++) {
            Parameter p = trainable.get(i);
            out[i] = FloatTensor.data(gradients ? p.gradient() : p.value());
        }
        return out;
    }

    private static float[][] zeros(float[][] like) {
        float[][] out = new float[like.length][];
        for (int i = 0; i < like.length; i++) {
            out[i] = new float[like[i].length];
        }
        return out;
    }

    private static List<double[]> copies(float[][]... groups) {
        List<double[]> out = new ArrayList<>();
        for (float[][] group : groups) {
            for (float[] a : group) {
                double[] wide = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    wide[i] = a[i];
                }
                out.add(wide);
            }
        }
        return out;
    }

    private static void restoreInto(List<double[]> state, float[][]... groups) {
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
                double[] values = state.get(i++);
                for (int k = 0; k < a.length; k++) {
                    a[k] = (float) values[k];
                }
            }
        }
    }

    private static final class Sgd implements ParameterUpdater {
        private final float[][] values;
        private final float[][] gradients;
        private final float[][] velocities;
        private final float momentum;
        private final float weightDecay;
        private double learningRate;

        Sgd(OptimizerPlan.Sgd config, List<Parameter> trainable) {
            this.values = arrays(trainable, false);
            this.gradients = arrays(trainable, true);
            this.momentum = (float) config.momentum();
            this.weightDecay = (float) config.weightDecay();
            this.learningRate = config.learningRate();
            this.velocities = momentum > 0 ? zeros(values) : new float[0][];
        }

        @Override
        public void update(long step) {
            float lr = (float) learningRate;
            for (int i = 0; i < values.length; i++) {
                float[] g = gradients[i];
                float[] p = values[i];
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
        public List<double[]> state() {
            return copies(velocities);
        }

        @Override
        public void restore(List<double[]> state) {
            restoreInto(state, velocities);
        }
    }

    private static final class Adam implements ParameterUpdater {
        private final float[][] values;
        private final float[][] gradients;
        private final float[][] firstMoments;
        private final float[][] secondMoments;
        private final OptimizerPlan.Adam config;
        private final float weightDecay;
        private double learningRate;

        Adam(OptimizerPlan.Adam config, List<Parameter> trainable) {
            this.values = arrays(trainable, false);
            this.gradients = arrays(trainable, true);
            this.firstMoments = zeros(values);
            this.secondMoments = zeros(values);
            this.config = config;
            this.weightDecay = (float) config.weightDecay();
            this.learningRate = config.learningRate();
        }

        @Override
        public void update(long step) {
            float stepSize = (float) config.stepSize(learningRate, step);
            float shiftedEpsilon = (float) config.shiftedEpsilon(step);
            float b1 = (float) config.beta1();
            float c1 = (float) (1.0 - config.beta1());
            float b2 = (float) config.beta2();
            float c2 = (float) (1.0 - config.beta2());
            float wd = weightDecay;
            for (int i = 0; i < values.length; i++) {
                float[] g = gradients[i];
                float[] p = values[i];
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
        public List<double[]> state() {
            return copies(firstMoments, secondMoments);
        }

        @Override
        public void restore(List<double[]> state) {
            restoreInto(state, firstMoments, secondMoments);
        }
    }
}
