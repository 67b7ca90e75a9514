package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.LossKernel;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ModelPlanner;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfDistanceSpec;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SoftmaxCrossEntropySpec;
import org.lenetlab.spec.SubsamplingSpec;
import org.lenetlab.train.Network;

/**
 * The curvature pass of the stochastic diagonal Levenberg–Marquardt method, in float64, where it can be checked:
 * a layer linear in its parameters and its input, followed by LeNet-5's Euclidean RBF output and equation 8, makes
 * a loss quadratic in both with a diagonal Hessian at the RBF input, so the Gauss–Newton diagonal is the exact
 * diagonal of the second derivative, which central second differences give exactly (up to rounding).
 */
class CurvatureTest {
    /** Second differences of a quadratic are exact for any step; a wide one keeps rounding small. */
    private static final double STEP = 1e-2;
    private static final double TOLERANCE = 1e-6;
    private static final Pass TRAINING = new Pass(true, 7);
    private static final RbfSpec OUTPUT = new RbfSpec("OUTPUT", 10, null, null, "lenet5-digits-7x12", false, null);

    @Test
    void denseLayer() {
        checkExact(Shape.of(1, 4, 5), new FlattenSpec(null), new DenseSpec("F6", 84, null, null));
    }

    @Test
    void convolution() {
        // 2×6×14 → 4×3×7 = 84 outputs, stride 2 and padding 1
        checkExact(Shape.of(2, 6, 14), new ConvolutionSpec("conv", 4, 3, 2, 1, null, null));
        // 3×4×9 → 12×1×7: few positions, laid out position by position
        checkExact(Shape.of(3, 3, 9), new ConvolutionSpec("few", 12, 3, 1, 0, null, null));
    }

    @Test
    void convolutionWithAConnectionTable() {
        List<List<Integer>> table = List.of(List.of(0), List.of(1, 2), List.of(2, 0), List.of(1), List.of(0, 1, 2),
                List.of(2));
        checkExact(Shape.of(3, 4, 9), new ConvolutionSpec("C3", 6, 3, 1, 0, null, null, table));
    }

    @Test
    void subsamplingCoefficientsAndBiases() {
        checkExact(Shape.of(21, 4, 4), new SubsamplingSpec("S2", 2, null, null));
    }

    @Test
    void averagePoolingPassesCurvatureDividedBySizeToTheFourth() {
        // no parameters: the input curvature of pooling followed by a dense layer is still exact
        checkExact(Shape.of(2, 4, 4), new AveragePoolingSpec(null, 2, null), new FlattenSpec(null),
                new DenseSpec("F6", 84, null, null));
    }

    /**
     * Runs the forward, backward and curvature passes of {@code layers} + flatten (if needed) + LeNet-5's output layer
     * under equation 8, then compares every parameter's curvature and the input's with second differences.
     */
    private static void checkExact(Shape input, LayerSpec... layers) {
        List<LayerSpec> all = new ArrayList<>(List.of(layers));
        ModelPlan probe = plan(input, all, new RbfDistanceSpec(), true);
        if (probe.output().rank() != 1) {
            all.add(new FlattenSpec(null));
        }
        all.add(OUTPUT);
        Stack stack = new Stack(plan(input, all, new RbfDistanceSpec(), false), 3, new Random(all.hashCode()));
        stack.curvatures(true);
        for (int i = 0; i < stack.kernels.size(); i++) {
            for (Parameter p : stack.kernels.get(i).parameters()) {
                compare(stack.plan.layers().get(i).name() + "." + p.plan().name(), copy(p.curvature()), p.value(),
                        stack::loss);
            }
        }
        compare("input", copy(stack.curvatures.get(0)), stack.activations.get(0), stack::loss);
    }

    @Test
    void theOutputLayersPrototypeCurvatureIsTwiceTheShareOfItsClass() {
        List<LayerSpec> layers = List.of(new FlattenSpec(null), OUTPUT);
        Stack stack = new Stack(plan(Shape.of(1, 7, 12), layers, new RbfDistanceSpec(), false), 4, new Random(3));
        stack.labels = new int[] {2, 5, 2, 9};
        stack.curvatures(false);
        Tensor h = stack.kernels.get(1).parameters().get(0).curvature();
        for (int unit = 0; unit < 10; unit++) {
            double share = unit == 2 ? 0.5 : unit == 5 || unit == 9 ? 0.25 : 0;
            for (int j = 0; j < 84; j++) {
                assertEquals(2 * share, h.get(unit * 84 + j), 1e-12);
            }
        }
        compare("prototypes", copy(h), stack.kernels.get(1).parameters().get(0).value(), stack::loss);
    }

    @Test
    void scaledTanhMultipliesBySquaredDerivatives() {
        LayerPlan layer = plan(Shape.of(2, 3, 3), List.of(new ActivationSpec(null, ActivationFunction.SCALED_TANH)),
                new SoftmaxCrossEntropySpec(), true).layers().get(0);
        LayerKernel kernel = Fixtures.DOUBLE.layer(layer);
        Random random = new Random(9);
        Tensor x = Fixtures.DOUBLE.allocate(layer.input().withBatch(2));
        Fixtures.fillUniform(x, random, 2);
        Tensor y = Fixtures.DOUBLE.allocate(x.shape());
        Tensor hy = Fixtures.DOUBLE.allocate(x.shape());
        Fixtures.fillUniform(hy, random, 1);
        Tensor hx = Fixtures.DOUBLE.allocate(x.shape());
        kernel.forward(x, y, TRAINING);
        kernel.backwardCurvature(x, y, null, hy, hx);
        for (long i = 0; i < x.shape().size(); i++) {
            double a = x.get(i);
            double derivative = (1.7159 * Math.tanh(2.0 / 3 * (a + 1e-6)) - 1.7159 * Math.tanh(2.0 / 3 * (a - 1e-6))) / 2e-6;
            assertEquals(derivative * derivative * hy.get(i), hx.get(i), 1e-8);
        }
    }

    @Test
    void lossCurvaturesAreTheirExactDiagonalsWherePositive() {
        Random random = new Random(4);
        Shape shape = Shape.of(3, 10);
        int[] labels = {3, 0, 7};
        // softmax cross-entropy and the MAP criterion: convex in the outputs, the diagonal is exact
        for (LossSpec spec : List.of(new SoftmaxCrossEntropySpec(), new RbfMapSpec(2.0))) {
            LossKernel loss = spec instanceof SoftmaxCrossEntropySpec ? new SoftmaxCrossEntropyKernel()
                    : GradientCheckTest.rbfLoss(spec);
            Tensor out = Fixtures.DOUBLE.allocate(shape);
            for (long i = 0; i < shape.size(); i++) {
                out.set(i, random.nextDouble() * 4);
            }
            Tensor g = Fixtures.DOUBLE.allocate(shape);
            Tensor h = Fixtures.DOUBLE.allocate(shape);
            Tensor scratch = Fixtures.DOUBLE.allocate(shape);
            loss.lossGradientAndCurvature(out, labels, 3, g, h);
            compare(spec.type(), copy(h), out, () -> loss.lossAndGradient(out, labels, 3, scratch, null), 1e-4, 1e-4);
        }
        // equation 8 is linear in the outputs
        LossKernel distance = GradientCheckTest.rbfLoss(new RbfDistanceSpec());
        Tensor out = Fixtures.DOUBLE.allocate(shape);
        Fixtures.fillUniform(out, random, 1);
        Tensor h = Fixtures.DOUBLE.allocate(shape);
        Fixtures.fillUniform(h, random, 1);
        distance.lossGradientAndCurvature(out, labels, 3, Fixtures.DOUBLE.allocate(shape), h);
        for (double v : Fixtures.values(h)) {
            assertEquals(0.0, v);
        }
    }

    @Test
    void aLeNet5LikeStackGetsFiniteNonNegativeCurvatureEverywhere() {
        List<LayerSpec> layers = List.of(
                new ConvolutionSpec("C1", 3, 3, 1, 1, null, null),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                new SubsamplingSpec("S2", 2, null, null),
                new ActivationSpec(null, ActivationFunction.SIGMOID),
                new ConvolutionSpec("C3", 4, 2, 1, 0, null, null, List.of(List.of(0), List.of(1, 2), List.of(0, 2),
                        List.of(0, 1, 2))),
                new ActivationSpec(null, ActivationFunction.TANH),
                new MaxPoolingSpec(null, 2, null),
                new ActivationSpec(null, ActivationFunction.RELU),
                new FlattenSpec(null),
                new DenseSpec("F6", 6, null, null),
                new RbfSpec("rbf", 5, RbfFunction.GAUSSIAN, 1.5, null, true, null));
        Stack stack = new Stack(plan(Shape.of(1, 6, 6), layers, new RbfCrossEntropySpec(), false), 3, new Random(8));
        stack.curvatures(false);
        int checked = 0;
        for (LayerKernel kernel : stack.kernels) {
            for (Parameter p : kernel.parameters()) {
                double sum = 0;
                for (double v : Fixtures.values(p.curvature())) {
                    assertTrue(v >= 0 && Double.isFinite(v), p.plan().name() + " curvature " + v);
                    sum += v;
                }
                assertTrue(sum > 0, p.plan().name() + " curvature is all zero");
                checked++;
            }
        }
        assertEquals(9, checked);
    }

    @Test
    void sdlmStepsByLearningRateOverMuPlusTheAverageCurvature() {
        ModelPlan plan = plan(Shape.of(1, 2, 3), List.of(new FlattenSpec(null), new DenseSpec("F6", 84, null, null),
                OUTPUT), new RbfDistanceSpec(), false);
        Network network = Network.create(plan, Fixtures.DOUBLE, 5);
        Random random = new Random(6);
        ParameterUpdater sdlm = Fixtures.DOUBLE.updater(new OptimizerConfig(OptimizerKind.SDLM, 0.3, 0, 0, 0, 0, 0, 0.02),
                network.parameters());
        assertTrue(sdlm.usesCurvature());
        Parameter weight = network.parameters().get(0);
        int size = (int) weight.value().shape().size();
        double[] sum = new double[size];
        sdlm.resetCurvature();
        for (int batch = 0; batch < 2; batch++) {
            Fixtures.fillUniform(network.input(2), random, 1);
            network.curvature(2, new int[] {batch, 4 + batch}, batch);
            sdlm.accumulateCurvature(2);
            for (int i = 0; i < size; i++) {
                sum[i] += 2 * weight.curvature().get(i);
            }
        }
        sdlm.finishCurvature();
        Fixtures.fillUniform(network.input(1), random, 1);
        network.forwardBackward(1, new int[] {7}, new int[1], 1);
        double[] before = Fixtures.values(weight.value());
        double[] gradient = Fixtures.values(weight.gradient());
        sdlm.update(1);
        for (int i = 0; i < size; i++) {
            double expected = before[i] - 0.3 / (0.02 + sum[i] / 4) * gradient[i];
            assertEquals(expected, weight.value().get(i), 1e-12);
        }
        sdlm.setLearningRate(0.1);
        double[] again = Fixtures.values(weight.value());
        sdlm.update(2);
        assertEquals(again[0] - 0.1 / (0.02 + sum[0] / 4) * gradient[0], weight.value().get(0), 1e-12);
    }

    // ---------------------------------------------------------------- helpers

    private static ModelPlan plan(Shape input, List<LayerSpec> layers, LossSpec loss, boolean lossUnchecked) {
        ModelSpec spec = new ModelSpec(null, "test", null, new InputSpec(input.dim(0), input.dim(1), input.dim(2)),
                null, layers, lossUnchecked ? new SoftmaxCrossEntropySpec() : loss);
        return ModelPlanner.plan(spec, 0);
    }

    /** Kernels, activations, gradients and curvatures of a planned model on the float64 backend. */
    private static final class Stack {
        final ModelPlan plan;
        final List<LayerKernel> kernels = new ArrayList<>();
        final List<Tensor> activations = new ArrayList<>();
        final List<Tensor> gradients = new ArrayList<>();
        final List<Tensor> curvatures = new ArrayList<>();
        final LossKernel loss;
        final int batch;
        int[] labels;

        Stack(ModelPlan plan, int batch, Random random) {
            this.plan = plan;
            this.batch = batch;
            this.labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = (3 * i + 1) % plan.output().dim(0);
            }
            Tensor input = Fixtures.DOUBLE.allocate(plan.input().withBatch(batch));
            Fixtures.fillUniform(input, random, 1);
            activations.add(input);
            gradients.add(Fixtures.DOUBLE.allocate(input.shape()));
            curvatures.add(Fixtures.DOUBLE.allocate(input.shape()));
            for (LayerPlan layer : plan.layers()) {
                LayerKernel kernel = Fixtures.DOUBLE.layer(layer);
                for (Parameter p : kernel.parameters()) {
                    if (p.plan().initialValues() != null) {
                        p.value().write(p.plan().initialValues().values(), 0);
                    } else {
                        Fixtures.fillUniform(p.value(), random, 0.5);
                    }
                }
                kernels.add(kernel);
                activations.add(Fixtures.DOUBLE.allocate(layer.output().withBatch(batch)));
                gradients.add(Fixtures.DOUBLE.allocate(layer.output().withBatch(batch)));
                curvatures.add(Fixtures.DOUBLE.allocate(layer.output().withBatch(batch)));
            }
            this.loss = Fixtures.DOUBLE.loss(plan);
        }

        double loss() {
            for (int i = 0; i < kernels.size(); i++) {
                kernels.get(i).forward(activations.get(i), activations.get(i + 1), TRAINING);
            }
            return loss.lossAndGradient(activations.get(kernels.size()), labels, batch,
                    Fixtures.DOUBLE.allocate(activations.get(kernels.size()).shape()), null);
        }

        /** The passes of {@link Network#curvature}, with the input's curvature too when {@code withInput}. */
        void curvatures(boolean withInput) {
            int last = kernels.size();
            for (int i = 0; i < last; i++) {
                kernels.get(i).forward(activations.get(i), activations.get(i + 1), TRAINING);
            }
            loss.lossGradientAndCurvature(activations.get(last), labels, batch, gradients.get(last), curvatures.get(last));
            for (int i = last - 1; i >= 0; i--) {
                kernels.get(i).backward(activations.get(i), activations.get(i + 1), gradients.get(i + 1),
                        i == 0 && !withInput ? null : gradients.get(i));
            }
            for (int i = last - 1; i >= 0; i--) {
                kernels.get(i).backwardCurvature(activations.get(i), activations.get(i + 1), gradients.get(i + 1),
                        curvatures.get(i + 1), i == 0 && !withInput ? null : curvatures.get(i));
            }
        }
    }

    /** Compares every element of {@code curvature} with the central second difference of {@code objective} in x. */
    private static void compare(String what, Tensor curvature, Tensor x, DoubleSupplier objective) {
        compare(what, curvature, x, objective, STEP, TOLERANCE);
    }

    private static void compare(String what, Tensor curvature, Tensor x, DoubleSupplier objective, double step,
                                double tolerance) {
        assertEquals(x.shape(), curvature.shape(), what + " curvature shape");
        double center = objective.getAsDouble();
        for (long i = 0; i < x.shape().size(); i++) {
            double original = x.get(i);
            x.set(i, original + step);
            double plus = objective.getAsDouble();
            x.set(i, original - step);
            double minus = objective.getAsDouble();
            x.set(i, original);
            double numeric = (plus - 2 * center + minus) / (step * step);
            double analytic = curvature.get(i);
            double error = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-2);
            if (!(error <= tolerance)) {
                fail(what + " curvature at " + i + ": analytic " + analytic + ", numeric " + numeric + ", relative error "
                        + error);
            }
        }
        objective.getAsDouble();
    }

    private static Tensor copy(Tensor t) {
        Tensor c = Fixtures.DOUBLE.allocate(t.shape());
        Fixtures.setValues(c, Fixtures.values(t));
        return c;
    }
}
