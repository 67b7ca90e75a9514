package org.lenetlab.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.plan.OptimizerPlan;

/**
 * SGD and Adam in the float64 engine, as Java loops, with the rules and state layout that {@link OptimizerPlan}
 * documents.
 */
final class DoubleUpdaters {
    private DoubleUpdaters() {
    }

    /** SGD with optional momentum and weight decay. */
    static ParameterUpdater sgd(OptimizerPlan.Sgd config, List<Parameter> trainable) {
        return new Sgd(config, trainable);
    }

    /** Adam. */
    static ParameterUpdater adam(OptimizerPlan.Adam config, List<Parameter> trainable) {
        return new Adam(config, trainable);
    }

    private static double[][] arrays(List<Parameter> trainable, boolean gradients) {
        double[][] out = new double[trainable.size()][];
        for (int i = 0; i < out.length; i++) {
            Parameter p = trainable.get(i);
            out[i] = DoubleTensor.data(gradients ? p.gradient() : p.value());
        }
        return out;
    }

    private static double[][] zeros(double[][] like) {
        double[][] out = new double[like.length][];
        for (int i = 0; i < like.length; i++) {
            out[i] = new double[like[i].length];
        }
        return out;
    }

    /** Copies of the arrays of every group, in order. */
    static List<double[]> copies(double[][]... groups) {
        List<double[]> out = new ArrayList<>();
        for (double[][] group : groups) {
            for (double[] a : group) {
                out.add(a.clone());
            }
        }
        return out;
    }

    /** Copies {@code state} into the arrays of every group, in order, after checking the count and every length. */
    static void restoreInto(List<double[]> state, double[][]... groups) {
        int expected = 0;
        for (double[][] group : groups) {
            expected += group.length;
        }
        if (state.size() != expected) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, expected " + expected);
        }
        int i = 0;
        for (double[][] group : groups) {
            for (double[] a : group) {
                if (state.get(i).length != a.length) {
                    throw new IllegalArgumentException("optimizer state array " + i + " has " + state.get(i).length
                            + " values, expected " + a.length);
                }
                i++;
            }
        }
        i = 0;
        for (double[][] group : groups) {
            for (double[] a : group) {
                System.arraycopy(state.get(i++), 0, a, 0, a.length);
            }
        }
    }

    private static final class Sgd implements ParameterUpdater {
        private final double[][] values;
        private final double[][] gradients;
        private final double[][] velocities;
        private final double momentum;
        private final double weightDecay;
        private double learningRate;

        Sgd(OptimizerPlan.Sgd config, List<Parameter> trainable) {
            this.values = arrays(trainable, false);
            this.gradients = arrays(trainable, true);
            this.momentum = config.momentum();
            this.weightDecay = config.weightDecay();
            this.learningRate = config.learningRate();
            this.velocities = momentum > 0 ? zeros(values) : new double[0][];
        }

        @Override
        public void update(long step) {
            double lr = learningRate;
            for (int i = 0; i < values.length; i++) {
                double[] g = gradients[i];
                double[] p = values[i];
                if (momentum > 0) {
                    double[] v = velocities[i];
                    for (int k = 0; k < p.length; k++) {
                        v[k] = momentum * v[k] + g[k] + weightDecay * p[k];
                        p[k] = p[k] - lr * v[k];
                    }
                } else {
                    double keep = 1 - lr * weightDecay;
                    for (int k = 0; k < p.length; k++) {
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
        private final double[][] values;
        private final double[][] gradients;
        private final double[][] firstMoments;
        private final double[][] secondMoments;
        private final OptimizerPlan.Adam config;
        private double learningRate;

        Adam(OptimizerPlan.Adam config, List<Parameter> trainable) {
            this.values = arrays(trainable, false);
            this.gradients = arrays(trainable, true);
            this.firstMoments = zeros(values);
            this.secondMoments = zeros(values);
            this.config = config;
            this.learningRate = config.learningRate();
        }

        @Override
        public void update(long step) {
            double stepSize = config.stepSize(learningRate, step);
            double shiftedEpsilon = config.shiftedEpsilon(step);
            double b1 = config.beta1();
            double b2 = config.beta2();
            double wd = config.weightDecay();
            for (int i = 0; i < values.length; i++) {
                double[] g = gradients[i];
                double[] p = values[i];
                double[] m = firstMoments[i];
                double[] v = secondMoments[i];
                for (int k = 0; k < p.length; k++) {
                    double s = g[k] + wd * p[k];
                    m[k] = b1 * m[k] + (1 - b1) * s;
                    v[k] = b2 * v[k] + (1 - b2) * (s * s);
                    p[k] = p[k] - stepSize * (m[k] / (Math.sqrt(v[k]) + shiftedEpsilon));
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
