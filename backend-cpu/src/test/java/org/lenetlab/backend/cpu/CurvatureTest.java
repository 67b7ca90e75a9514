package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfDistanceSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * The curvature passes of the stochastic diagonal Levenberg–Marquardt method, in float64, where they can be checked
 * exactly: a layer linear in its parameters and its input, followed by LeNet-5's Euclidean RBF output and equation 8,
 * makes a loss quadratic in both with a diagonal Hessian at the RBF input, so the Gauss–Newton diagonal is the exact
 * diagonal of the second derivative, which central second differences give exactly (up to rounding). Elsewhere the
 * estimate must be finite and non-negative, in both engines.
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
        // 3×3×9 → 12×1×7: few positions, laid out position by position
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
        if (plan(input, all, null).output().rank() != 1) {
            all.add(new FlattenSpec(null));
        }
        all.add(OUTPUT);
        Stack stack = new Stack(plan(input, all, new RbfDistanceSpec()), 3, new Random(all.hashCode()));
        stack.curvatures(true);
        int compared = 0;
        for (int i = 0; i < stack.kernels.size(); i++) {
            for (Parameter p : stack.kernels.get(i).parameters()) {
                compare(stack.plan.layers().get(i).name() + "." + p.plan().name(), Fixtures.copy(p.curvature()),
                        p.value(), stack::loss);
                compared++;
            }
        }
        compare("input", Fixtures.copy(stack.curvatures.get(0)), stack.activations.get(0), stack::loss);
        assertTrue(compared >= 1);
    }

    @Test
    void theOutputLayersPrototypeCurvatureIsTwiceTheShareOfItsClass() {
        List<LayerSpec> layers = List.of(new FlattenSpec(null), OUTPUT);
        Stack stack = new Stack(plan(Shape.of(1, 7, 12), layers, new RbfDistanceSpec()), 4, new Random(3));
        stack.labels = new int[] {2, 5, 2, 9};
        stack.curvatures(false);
        Tensor h = stack.kernels.get(1).parameters().get(0).curvature();
        for (int unit = 0; unit < 10; unit++) {
            double share = unit == 2 ? 0.5 : unit == 5 || unit == 9 ? 0.25 : 0;
            for (int j = 0; j < 84; j++) {
                assertEquals(2 * share, h.get(unit * 84 + j), 1e-12);
            }
        }
        compare("prototypes", Fixtures.copy(h), stack.kernels.get(1).parameters().get(0).value(), stack::loss);
    }

    @Test
    void scaledTanhMultipliesBySquaredDerivatives() {
        LayerPlan layer = plan(Shape.of(2, 3, 3), List.of(new ActivationSpec(null, ActivationFunction.SCALED_TANH)),
                null).layers().get(0);
        LayerKernel kernel = Fixtures.EXACT.layer(layer);
        Random random = new Random(9);
        Tensor x = Fixtures.EXACT.allocate(layer.input().withBatch(2));
        Fixtures.fillUniform(x, random, 2);
        Tensor y = Fixtures.EXACT.allocate(x.shape());
        Tensor hy = Fixtures.EXACT.allocate(x.shape());
        Fixtures.fillUniform(hy, random, 1);
        Tensor hx = Fixtures.EXACT.allocate(x.shape());
        kernel.forward(x, y, TRAINING);
        kernel.backwardCurvature(x, y, null, hy, hx);
        for (long i = 0; i < x.shape().size(); i++) {
            double a = x.get(i);
            double derivative = (1.7159 * Math.tanh(2.0 / 3 * (a + 1e-6)) - 1.7159 * Math.tanh(2.0 / 3 * (a - 1e-6)))
                    / 2e-6;
            assertEquals(derivative * derivative * hy.get(i), hx.get(i), 1e-8);
        }
    }

    @Test
    void lossCurvaturesAreTheirExactDiagonalsWherePositive() {
        Random random = new Random(4);
        Shape shape = Shape.of(4, 10);
        int[] labels = {3, 0, 7, 1};
        int count = 3;
        // softmax cross-entropy and the MAP criterion: convex in the outputs, the diagonal is exact
        for (LossPlan plan : List.of(new LossPlan.SoftmaxCrossEntropy(), new LossPlan.RbfMap(2.0))) {
            LossKernel loss = Fixtures.EXACT.loss(plan);
            Tensor out = Fixtures.EXACT.allocate(shape);
            for (long i = 0; i < shape.size(); i++) {
                out.set(i, random.nextDouble() * 4);
            }
            Tensor g = Fixtures.EXACT.allocate(shape);
            Tensor h = Fixtures.EXACT.allocate(shape);
            Fixtures.fillUniform(h, random, 5); // garbage, to be overwritten
            Tensor scratch = Fixtures.EXACT.allocate(shape);
            double mean = loss.lossGradientAndCurvature(out, labels, count, g, h);
            assertEquals(loss.lossAndGradient(out, labels, count, scratch, null), mean, 1e-15);
            for (int j = 0; j < 10; j++) {
                assertEquals(0.0, h.get(30 + j), plan.type() + ": rows from count on get zeros");
            }
            compare(plan.type(), Fixtures.copy(h), out, () -> loss.lossAndGradient(out, labels, count, scratch, null),
                    1e-4, 1e-4);
        }
        // equation 8 is linear in the outputs
        LossKernel distance = Fixtures.EXACT.loss(new LossPlan.RbfDistance());
        Tensor out = Fixtures.EXACT.allocate(shape);
        Fixtures.fillUniform(out, random, 1);
        Tensor h = Fixtures.EXACT.allocate(shape);
        Fixtures.fillUniform(h, random, 1);
        distance.lossGradientAndCurvature(out, labels, count, Fixtures.EXACT.allocate(shape), h);
        for (double v : Fixtures.values(h)) {
            assertEquals(0.0, v);
        }
        // the cross-entropy of Gaussian outputs: not convex, its Gauss–Newton diagonal is positive where y is
        LossKernel crossEntropy = Fixtures.EXACT.loss(new LossPlan.RbfCrossEntropy());
        for (long i = 0; i < shape.size(); i++) {
            out.set(i, 0.01 + random.nextDouble());
        }
        crossEntropy.lossGradientAndCurvature(out, labels, count, Fixtures.EXACT.allocate(shape), h);
        for (int i = 0; i < 40; i++) {
            assertTrue(i < 30 ? h.get(i) > 0 : h.get(i) == 0, "cross-entropy curvature " + i + " = " + h.get(i));
        }
    }

    /** A small network with every layer kind that has a curvature pass, as LeNet-5 is built. */
    private static ModelPlan leNet5Like() {
        return plan(Shape.of(1, 6, 6), List.of(
                new ConvolutionSpec("C1", 3, 3, 1, 1, null, null),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                new SubsamplingSpec("S2", 2, null, null),
                new ActivationSpec(null, ActivationFunction.SIGMOID),
                new ConvolutionSpec("C3", 4, 2, 1, 0, null, null, List.of(List.of(0), List.of(1, 2), List.of(0, 2),
                        List.of(0, 1, 2))),
                new ActivationSpec(null, ActivationFunction.RELU),
                new MaxPoolingSpec(null, 2, null),
                new ActivationSpec(null, ActivationFunction.TANH),
                new FlattenSpec(null),
                new DenseSpec("F6", 6, null, null),
                new RbfSpec("rbf", 5, RbfFunction.GAUSSIAN, 1.5, null, true, null)), new RbfCrossEntropySpec());
    }

    @Test
    void aLeNet5LikeStackGetsFiniteNonNegativeCurvatureEverywhere() {
        Stack stack = new Stack(leNet5Like(), 3, new Random(8));
        stack.curvatures(false);
        int checked = 0;
        for (LayerKernel kernel : stack.kernels) {
            for (Parameter p : kernel.parameters()) {
                assertFiniteNonNegativeNotAllZero(p);
                checked++;
            }
        }
        assertEquals(9, checked);
    }

    @Test
    void aComposedNetworkEstimatesCurvatureInEitherEngine() {
        ModelPlan plan = leNet5Like();
        for (KernelProvider engine : List.of(Fixtures.FLOAT64, Fixtures.FLOAT32)) {
            ComposedNetwork network = Fixtures.compose(plan, engine, new OptimizerPlan.Sdlm(0.01, 0.02, 0, 4));
            Random random = new Random(2);
            for (Parameter p : network.parameterTensors()) {
                Fixtures.fillUniform(p.value(), random, 0.5);
                if (p.plan().isBias()) {
                    // positive, so that the relu after C3 lets something through
                    double[] biases = new double[Fixtures.size(p.value())];
                    java.util.Arrays.fill(biases, 0.5);
                    p.value().write(biases);
                }
            }
            ImageData images = network.images(Fixtures.images(4, plan.input(), 3), plan.input());
            network.resetCurvature();
            double loss = network.accumulateCurvature(images, Fixtures.identity(4), 0, 4, new int[] {0, 1, 2, 3}, 5);
            assertTrue(Double.isFinite(loss) && loss > 0, engine.precision() + " loss " + loss);
            for (Parameter p : network.parameterTensors()) {
                assertFiniteNonNegativeNotAllZero(p);
            }
            network.finishCurvature();
            double[] before = Fixtures.values(network.parameterTensors().get(0).value());
            network.trainStep(images, Fixtures.identity(4), 0, 4, new int[] {0, 1, 2, 3}, 1, 6, new int[4]);
            double[] after = Fixtures.values(network.parameterTensors().get(0).value());
            assertTrue(!java.util.Arrays.equals(before, after), engine.precision() + ": the step moved C1");
        }
    }

    private static void assertFiniteNonNegativeNotAllZero(Parameter p) {
        double sum = 0;
        for (double v : Fixtures.values(p.curvature())) {
            assertTrue(v >= 0 && Double.isFinite(v), p.plan().name() + " curvature " + v);
            sum += v;
        }
        assertTrue(sum > 0, p.plan().name() + " curvature is all zero");
    }

    @Test
    void sdlmStepsByLearningRateOverMuPlusTheAverageCurvature() {
        ModelPlan plan = plan(Shape.of(1, 2, 3), List.of(new FlattenSpec(null), new DenseSpec("F6", 84, null, null),
                OUTPUT), new RbfDistanceSpec());
        ComposedNetwork network = Fixtures.compose(plan, Fixtures.EXACT, new OptimizerPlan.Sdlm(0.3, 0.02, 0, 4));
        Random random = new Random(6);
        for (Parameter p : network.parameterTensors()) {
            if (p.plan().initialValues() != null) {
                p.value().write(p.plan().initialValues().values(), 0);
            } else {
                Fixtures.fillUniform(p.value(), random, 0.5);
            }
        }
        ImageData images = network.images(Fixtures.images(8, plan.input(), 7), plan.input());
        Parameter weight = network.parameterTensors().get(0);
        int size = Fixtures.size(weight.value());
        double[] sum = new double[size];
        network.resetCurvature();
        for (int batch = 0; batch < 2; batch++) {
            network.accumulateCurvature(images, new int[] {batch, 4 + batch}, 0, 2, new int[] {batch, 3}, batch);
            for (int i = 0; i < size; i++) {
                sum[i] += 2 * weight.curvature().get(i);
            }
        }
        network.finishCurvature();
        double[] before = Fixtures.values(weight.value());
        network.trainStep(images, new int[] {7}, 0, 1, new int[] {4}, 1, 9, new int[1]);
        double[] gradient = Fixtures.values(weight.gradient());
        for (int i = 0; i < size; i++) {
            double expected = before[i] - 0.3 / (0.02 + sum[i] / 4) * gradient[i];
            assertEquals(expected, weight.value().get(i), 1e-12);
        }
        network.setLearningRate(0.1);
        double[] again = Fixtures.values(weight.value());
        network.trainStep(images, new int[] {6}, 0, 1, new int[] {2}, 2, 10, new int[1]);
        gradient = Fixtures.values(weight.gradient());
        for (int i = 0; i < size; i++) {
            assertEquals(again[i] - 0.1 / (0.02 + sum[i] / 4) * gradient[i], weight.value().get(i), 1e-12);
        }
        // the fixed prototypes do not move
        Parameter prototypes = network.parameterTensors().get(2);
        double[] fixed = Fixtures.values(prototypes.value());
        float[] initial = prototypes.plan().initialValues().values();
        for (int i = 0; i < fixed.length; i++) {
            assertEquals(initial[i], fixed[i], 0.0);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ModelPlan plan(Shape input, List<LayerSpec> layers, org.lenetlab.spec.LossSpec loss) {
        ModelSpec spec = new ModelSpec(null, "test", null, new InputSpec(input.dim(0), input.dim(1), input.dim(2)),
                null, layers, loss);
        return ModelPlanner.plan(spec, 0);
    }

    /** Kernels, activations, gradients and curvatures of a planned model on the exact float64 engine. */
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
            Tensor input = Fixtures.EXACT.allocate(plan.input().withBatch(batch));
            Fixtures.fillUniform(input, random, 1);
            activations.add(input);
            gradients.add(Fixtures.EXACT.allocate(input.shape()));
            curvatures.add(Fixtures.EXACT.allocate(input.shape()));
            for (LayerPlan layer : plan.layers()) {
                LayerKernel kernel = Fixtures.EXACT.layer(layer);
                for (Parameter p : kernel.parameters()) {
                    if (p.plan().initialValues() != null) {
                        p.value().write(p.plan().initialValues().values(), 0);
                    } else {
                        Fixtures.fillUniform(p.value(), random, 0.5);
                    }
                }
                kernels.add(kernel);
                activations.add(Fixtures.EXACT.allocate(layer.output().withBatch(batch)));
                gradients.add(Fixtures.EXACT.allocate(layer.output().withBatch(batch)));
                curvatures.add(Fixtures.EXACT.allocate(layer.output().withBatch(batch)));
            }
            this.loss = Fixtures.EXACT.loss(plan.loss());
        }

        double loss() {
            for (int i = 0; i < kernels.size(); i++) {
                kernels.get(i).forward(activations.get(i), activations.get(i + 1), TRAINING);
            }
            return loss.lossAndGradient(activations.get(kernels.size()), labels, batch,
                    Fixtures.EXACT.allocate(activations.get(kernels.size()).shape()), null);
        }

        /** The passes of a composed network's curvature pass, with the input's curvature too when {@code withInput}. */
        void curvatures(boolean withInput) {
            int last = kernels.size();
            for (int i = 0; i < last; i++) {
                kernels.get(i).forward(activations.get(i), activations.get(i + 1), TRAINING);
            }
            loss.lossGradientAndCurvature(activations.get(last), labels, batch, gradients.get(last),
                    curvatures.get(last));
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
        boolean anyNonZero = false;
        for (long i = 0; i < x.shape().size(); i++) {
            double original = x.get(i);
            x.set(i, original + step);
            double plus = objective.getAsDouble();
            x.set(i, original - step);
            double minus = objective.getAsDouble();
            x.set(i, original);
            double numeric = (plus - 2 * center + minus) / (step * step);
            double analytic = curvature.get(i);
            anyNonZero |= analytic != 0;
            double error = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-2);
            if (!(error <= tolerance)) {
                fail(what + " curvature at " + i + ": analytic " + analytic + ", numeric " + numeric
                        + ", relative error " + error);
            }
        }
        objective.getAsDouble();
        assertTrue(anyNonZero, what + ": every curvature is zero, nothing was checked");
    }
}
