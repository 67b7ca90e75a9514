package org.lenetlab.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.ImageBatches;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.LossChecks;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationPlan;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.DensePlan;
import org.lenetlab.plan.DropoutPlan;
import org.lenetlab.plan.FlattenPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.PoolingPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.RbfPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.SubsamplingPlan;

/**
 * A small backend for testing core without any real backend: plain Java loops in double precision (rounded to
 * float32 when a network is compiled for float32) for flatten, dense, ReLU/sigmoid/tanh, dropout, softmax
 * cross-entropy, SGD and Adam. Other layers, losses and rules are unsupported, as a backend may be. It also counts
 * what the training loop asks of it.
 */
public final class FakeBackend implements Backend {
    private final String name;
    /** Training steps run by every network this backend compiled. */
    private long steps;

    /** A fake backend called {@code name}. */
    public FakeBackend(String name) {
        this.name = name;
    }

    /** Training steps run so far by the networks it compiled. */
    public long steps() {
        return steps;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String device() {
        return "fake device";
    }

    @Override
    public CompiledNetwork compile(ModelPlan model, CompileOptions options) {
        return ComposedNetwork.compose(model, options, new Kernels(options.precision()));
    }

    private final class Kernels implements KernelProvider, LayerPlan.Visitor<LayerKernel> {
        private final Precision precision;

        Kernels(Precision precision) {
            this.precision = precision;
        }

        @Override
        public Precision precision() {
            return precision;
        }

        @Override
        public String device() {
            return "fake device, " + precision.jsonName();
        }

        @Override
        public Tensor allocate(Shape shape) {
            return new ArrayTensor(shape, precision == Precision.FLOAT32);
        }

        Parameter parameter(ParameterPlan plan) {
            return new Parameter(plan, allocate(plan.shape()), allocate(plan.shape()));
        }

        @Override
        public LayerKernel layer(LayerPlan layer) {
            return layer.accept(this);
        }

        @Override
        public LayerKernel convolution(ConvolutionPlan layer) {
            throw new UnsupportedOperationException("the fake backend has no convolutions");
        }

        @Override
        public LayerKernel pooling(PoolingPlan layer) {
            throw new UnsupportedOperationException("the fake backend has no pooling");
        }

        @Override
        public LayerKernel activation(ActivationPlan layer) {
            return new Activation(layer);
        }

        @Override
        public LayerKernel subsampling(SubsamplingPlan layer) {
            throw new UnsupportedOperationException("the fake backend has no subsampling");
        }

        @Override
        public LayerKernel rbf(RbfPlan layer) {
            throw new UnsupportedOperationException("the fake backend has no RBF units");
        }

        @Override
        public LayerKernel flatten(FlattenPlan layer) {
            return new Copy();
        }

        @Override
        public LayerKernel dense(DensePlan layer) {
            return new Dense(parameter(layer.weight()), parameter(layer.bias()), layer.inputs(), layer.units());
        }

        @Override
        public LayerKernel dropout(DropoutPlan layer) {
            return new Dropout(layer.rate());
        }

        @Override
        public LossKernel loss(LossPlan loss) {
            if (!(loss instanceof LossPlan.SoftmaxCrossEntropy)) {
                throw new UnsupportedOperationException("the fake backend has no " + loss.type() + " loss");
            }
            return new SoftmaxLoss();
        }

        @Override
        public ParameterUpdater updater(OptimizerPlan optimizer, List<Parameter> trainable) {
            return optimizer.accept(new OptimizerPlan.Visitor<ParameterUpdater>() {
                @Override
                public ParameterUpdater sgd(OptimizerPlan.Sgd sgd) {
                    return new Updater(sgd, trainable);
                }

                @Override
                public ParameterUpdater adam(OptimizerPlan.Adam adam) {
                    return new Updater(adam, trainable);
                }

                @Override
                public ParameterUpdater sdlm(OptimizerPlan.Sdlm sdlm) {
                    throw new UnsupportedOperationException("the fake backend has no SDLM");
                }
            });
        }

        @Override
        public ImageBatches images(float[] images, Shape imageShape) {
            int size = Math.toIntExact(imageShape.size());
            return new ImageBatches() {
                @Override
                public int count() {
                    return images.length / size;
                }

                @Override
                public Shape imageShape() {
                    return imageShape;
                }

                @Override
                public void gather(int[] order, int from, int count, Tensor batch) {
                    ImageBatches.checkGather(batch.shape(), size, order, from, count);
                    double[] target = ((ArrayTensor) batch).values;
                    for (int i = 0; i < count; i++) {
                        for (int j = 0; j < size; j++) {
                            target[i * size + j] = images[order[from + i] * size + j];
                        }
                    }
                }
            };
        }
    }

    /** A tensor of doubles, rounded to float32 on every write when {@code float32}. */
    static final class ArrayTensor implements Tensor {
        final Shape shape;
        final double[] values;
        final boolean float32;

        ArrayTensor(Shape shape, boolean float32) {
            this.shape = shape;
            this.values = new double[Math.toIntExact(shape.size())];
            this.float32 = float32;
        }

        double round(double v) {
            return float32 ? (float) v : v;
        }

        void round() {
            for (int i = 0; i < values.length; i++) {
                values[i] = round(values[i]);
            }
        }

        @Override
        public Shape shape() {
            return shape;
        }

        @Override
        public void write(float[] source, int offset) {
            for (int i = 0; i < values.length; i++) {
                values[i] = source[offset + i];
            }
        }

        @Override
        public void read(float[] target, int offset) {
            for (int i = 0; i < values.length; i++) {
                target[offset + i] = (float) values[i];
            }
        }

        @Override
        public void write(double[] source) {
            for (int i = 0; i < values.length; i++) {
                values[i] = round(source[i]);
            }
        }

        @Override
        public void read(double[] target) {
            System.arraycopy(values, 0, target, 0, values.length);
        }

        @Override
        public double get(long index) {
            return values[Math.toIntExact(index)];
        }

        @Override
        public void set(long index, double value) {
            values[Math.toIntExact(index)] = round(value);
        }

        @Override
        public void clear() {
            Arrays.fill(values, 0);
        }
    }

    private static double[] v(Tensor t) {
        return ((ArrayTensor) Objects.requireNonNull(t)).values;
    }

    private static final class Copy implements LayerKernel {
        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public void forward(Tensor input, Tensor output, Pass pass) {
            System.arraycopy(v(input), 0, v(output), 0, v(input).length);
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
            if (inputGradient != null) {
                System.arraycopy(v(outputGradient), 0, v(inputGradient), 0, v(outputGradient).length);
            }
        }
    }

    private static final class Activation implements LayerKernel {
        private final ActivationPlan plan;

        Activation(ActivationPlan plan) {
            this.plan = plan;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public void forward(Tensor input, Tensor output, Pass pass) {
            double[] x = v(input);
            double[] y = v(output);
            for (int i = 0; i < x.length; i++) {
                y[i] = switch (plan.function()) {
                    case RELU -> Math.max(0, x[i]);
                    case SIGMOID -> 1 / (1 + Math.exp(-x[i]));
                    case TANH -> Math.tanh(x[i]);
                    case SCALED_TANH -> plan.amplitude() * Math.tanh(plan.slope() * x[i]);
                };
            }
            ((ArrayTensor) output).round();
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
            if (inputGradient == null) {
                return;
            }
            double[] x = v(input);
            double[] y = v(output);
            double[] g = v(outputGradient);
            double[] t = v(inputGradient);
            for (int i = 0; i < x.length; i++) {
                double d = switch (plan.function()) {
                    case RELU -> x[i] > 0 ? 1 : 0;
                    case SIGMOID -> y[i] * (1 - y[i]);
                    case TANH -> 1 - y[i] * y[i];
                    case SCALED_TANH -> plan.amplitude() * plan.slope()
                            * (1 - Math.pow(y[i] / plan.amplitude(), 2));
                };
                t[i] = d * g[i];
            }
            ((ArrayTensor) inputGradient).round();
        }
    }

    private static final class Dropout implements LayerKernel {
        private final double rate;
        private double[] mask;

        Dropout(double rate) {
            this.rate = rate;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public void forward(Tensor input, Tensor output, Pass pass) {
            double[] x = v(input);
            double[] y = v(output);
            mask = new double[x.length];
            SplittableRandom random = new SplittableRandom(pass.seed());
            for (int i = 0; i < x.length; i++) {
                mask[i] = !pass.training() ? 1 : random.nextDouble() < rate ? 0 : 1 / (1 - rate);
                y[i] = x[i] * mask[i];
            }
            ((ArrayTensor) output).round();
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
            if (inputGradient != null) {
                double[] g = v(outputGradient);
                double[] t = v(inputGradient);
                for (int i = 0; i < g.length; i++) {
                    t[i] = g[i] * mask[i];
                }
                ((ArrayTensor) inputGradient).round();
            }
        }
    }

    private static final class Dense implements LayerKernel {
        private final Parameter weight;
        private final Parameter bias;
        private final int inputs;
        private final int units;

        Dense(Parameter weight, Parameter bias, int inputs, int units) {
            this.weight = weight;
            this.bias = bias;
            this.inputs = inputs;
            this.units = units;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(weight, bias);
        }

        @Override
        public void forward(Tensor input, Tensor output, Pass pass) {
            double[] x = v(input);
            double[] w = v(weight.value());
            double[] b = v(bias.value());
            double[] y = v(output);
            int n = input.shape().dim(0);
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < units; j++) {
                    double sum = b[j];
                    for (int i = 0; i < inputs; i++) {
                        sum += x[s * inputs + i] * w[i * units + j];
                    }
                    y[s * units + j] = sum;
                }
            }
            ((ArrayTensor) output).round();
        }

        @Override
        public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
            double[] x = v(input);
            double[] w = v(weight.value());
            double[] g = v(outputGradient);
            double[] dw = v(weight.gradient());
            double[] db = v(bias.gradient());
            int n = input.shape().dim(0);
            Arrays.fill(dw, 0);
            Arrays.fill(db, 0);
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < units; j++) {
                    db[j] += g[s * units + j];
                    for (int i = 0; i < inputs; i++) {
                        dw[i * units + j] += x[s * inputs + i] * g[s * units + j];
                    }
                }
            }
            ((ArrayTensor) weight.gradient()).round();
            ((ArrayTensor) bias.gradient()).round();
            if (inputGradient != null) {
                double[] dx = v(inputGradient);
                for (int s = 0; s < n; s++) {
                    for (int i = 0; i < inputs; i++) {
                        double sum = 0;
                        for (int j = 0; j < units; j++) {
                            sum += w[i * units + j] * g[s * units + j];
                        }
                        dx[s * inputs + i] = sum;
                    }
                }
                ((ArrayTensor) inputGradient).round();
            }
        }
    }

    private static final class SoftmaxLoss implements LossKernel {
        @Override
        public double lossAndGradient(Tensor output, int[] labels, int count, Tensor gradient, int[] predictions) {
            LossChecks.sameShape(output.shape(), gradient.shape());
            int classes = LossChecks.check("softmax cross-entropy", output.shape(), labels, count, predictions);
            double[] z = v(output);
            double[] g = v(gradient);
            Arrays.fill(g, 0);
            double total = 0;
            for (int r = 0; r < count; r++) {
                double max = Double.NEGATIVE_INFINITY;
                int best = 0;
                for (int j = 0; j < classes; j++) {
                    if (z[r * classes + j] > max) {
                        max = z[r * classes + j];
                        best = j;
                    }
                }
                double sum = 0;
                for (int j = 0; j < classes; j++) {
                    sum += Math.exp(z[r * classes + j] - max);
                }
                total += max + Math.log(sum) - z[r * classes + labels[r]];
                for (int j = 0; j < classes; j++) {
                    double p = Math.exp(z[r * classes + j] - max) / sum;
                    g[r * classes + j] = (p - (j == labels[r] ? 1 : 0)) / count;
                }
                if (predictions != null) {
                    predictions[r] = best;
                }
            }
            ((ArrayTensor) gradient).round();
            return total / count;
        }

        @Override
        public double evaluate(Tensor output, int[] labels, int count, int[] predictions) {
            ArrayTensor scratch = new ArrayTensor(output.shape(), false);
            return lossAndGradient(output, labels, count, scratch, predictions) * count;
        }
    }

    private final class Updater implements ParameterUpdater {
        private final OptimizerPlan plan;
        private final List<Parameter> trainable;
        private final List<double[]> first = new ArrayList<>();
        private final List<double[]> second = new ArrayList<>();
        private double rate;

        Updater(OptimizerPlan plan, List<Parameter> trainable) {
            this.plan = plan;
            this.trainable = trainable;
            this.rate = plan.learningRate();
            for (Parameter p : trainable) {
                first.add(new double[v(p.value()).length]);
                second.add(new double[v(p.value()).length]);
            }
        }

        @Override
        public void update(long step) {
            steps++;
            for (int k = 0; k < trainable.size(); k++) {
                double[] p = v(trainable.get(k).value());
                double[] g = v(trainable.get(k).gradient());
                double[] m = first.get(k);
                double[] s = second.get(k);
                for (int i = 0; i < p.length; i++) {
                    double grad = g[i] + plan.weightDecay() * p[i];
                    if (plan instanceof OptimizerPlan.Sgd sgd) {
                        m[i] = sgd.momentum() > 0 ? sgd.momentum() * m[i] + grad : grad;
                        p[i] -= rate * m[i];
                    } else {
                        OptimizerPlan.Adam adam = (OptimizerPlan.Adam) plan;
                        m[i] = adam.beta1() * m[i] + (1 - adam.beta1()) * grad;
                        s[i] = adam.beta2() * s[i] + (1 - adam.beta2()) * grad * grad;
                        p[i] -= adam.stepSize(rate, step) * m[i] / (Math.sqrt(s[i]) + adam.shiftedEpsilon(step));
                    }
                }
                ((ArrayTensor) trainable.get(k).value()).round();
            }
        }

        @Override
        public void setLearningRate(double learningRate) {
            rate = learningRate;
        }

        private List<double[]> arrays() {
            List<double[]> out = new ArrayList<>();
            if (plan instanceof OptimizerPlan.Adam) {
                out.addAll(first);
                out.addAll(second);
            } else if (((OptimizerPlan.Sgd) plan).momentum() > 0) {
                out.addAll(first);
            }
            return out;
        }

        @Override
        public List<double[]> state() {
            return arrays().stream().map(double[]::clone).toList();
        }

        @Override
        public void restore(List<double[]> state) {
            List<double[]> own = arrays();
            if (state.size() != own.size()) {
                throw new IllegalArgumentException(state.size() + " state arrays, expected " + own.size());
            }
            for (int i = 0; i < own.size(); i++) {
                System.arraycopy(state.get(i), 0, own.get(i), 0, own.get(i).length);
            }
        }
    }
}
