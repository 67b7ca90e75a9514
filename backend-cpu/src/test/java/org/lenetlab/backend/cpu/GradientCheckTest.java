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
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfDistanceSpec;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * Central finite differences in float64 against every kernel's backward pass, for the scalar loss
 * sum(output · R) with a fixed random R, and against the softmax cross-entropy loss and a whole small network.
 */
class GradientCheckTest {
    private static final double STEP = 1e-6;
    /** Largest allowed |analytic - numeric| / max(|analytic| + |numeric|, FLOOR). */
    private static final double TOLERANCE = 1e-6;
    /** Absolute floor of the relative error's denominator, for gradients near zero. */
    private static final double FLOOR = 1e-2;
    private static final Pass TRAINING = new Pass(true, 42);

    @Test
    void convolutionStride1() {
        checkLayer(Fixtures.plan(2, 7, 7, conv(3, 3, 1, 0)), 2, false);
    }

    @Test
    void convolutionPadded() {
        checkLayer(Fixtures.plan(2, 6, 6, conv(3, 3, 1, 1)), 2, false);
    }

    @Test
    void convolutionStride2Padded() {
        checkLayer(Fixtures.plan(2, 7, 7, conv(3, 3, 2, 1)), 2, false);
    }

    @Test
    void convolutionStride2WithUnusedBorder() {
        // (8 - 3) / 2 + 1 = 3: the last input row and column feed no output
        checkLayer(Fixtures.plan(2, 8, 8, conv(2, 3, 2, 0)), 2, false);
    }

    @Test
    void convolutionFiveByFiveOnOneChannel() {
        checkLayer(Fixtures.plan(1, 9, 9, conv(4, 5, 1, 2)), 2, false);
    }

    @Test
    void maxPooling() {
        checkLayer(Fixtures.plan(2, 6, 6, new MaxPoolingSpec(null, 2, 2)), 2, true);
    }

    @Test
    void maxPoolingOverlappingWindows() {
        checkLayer(Fixtures.plan(2, 7, 7, new MaxPoolingSpec(null, 3, 2)), 2, true);
    }

    @Test
    void maxPoolingOddInput() {
        checkLayer(Fixtures.plan(2, 5, 5, new MaxPoolingSpec(null, 2, 2)), 2, true);
    }

    @Test
    void averagePooling() {
        checkLayer(Fixtures.plan(2, 6, 6, new AveragePoolingSpec(null, 2, 2)), 2, false);
    }

    @Test
    void averagePoolingOverlappingWindows() {
        checkLayer(Fixtures.plan(2, 7, 7, new AveragePoolingSpec(null, 3, 2)), 2, false);
    }

    @Test
    void averagePoolingOddInput() {
        checkLayer(Fixtures.plan(2, 5, 5, new AveragePoolingSpec(null, 2, 2)), 2, false);
    }

    @Test
    void relu() {
        checkLayer(Fixtures.plan(3, 4, 4, new ActivationSpec(null, ActivationFunction.RELU)), 2, true);
    }

    @Test
    void sigmoid() {
        checkLayer(Fixtures.plan(3, 4, 4, new ActivationSpec(null, ActivationFunction.SIGMOID)), 2, false);
    }

    @Test
    void tanh() {
        checkLayer(Fixtures.plan(3, 4, 4, new ActivationSpec(null, ActivationFunction.TANH)), 2, false);
    }

    @Test
    void flatten() {
        checkLayer(Fixtures.plan(2, 3, 3, new FlattenSpec(null)), 2, false);
    }

    @Test
    void dense() {
        ModelPlan plan = Fixtures.plan(2, 3, 3, new FlattenSpec(null), new DenseSpec(null, 4, null, null));
        checkLayer(plan.layers().get(1), 3, false);
    }

    @Test
    void dropoutWithFixedSeed() {
        checkLayer(Fixtures.plan(3, 4, 4, new DropoutSpec(null, 0.4)), 2, false);
    }

    @Test
    void convolutionWithFewPositions() {
        // 2×2 output positions: patches laid out position by position
        checkLayer(Fixtures.plan(2, 4, 4, conv(3, 3, 1, 0)), 2, false);
        checkLayer(Fixtures.plan(3, 5, 5, conv(4, 5, 1, 0)), 3, false);
    }

    @Test
    void convolutionWithAConnectionTable() {
        // out of order and repeated reads, as the C3 table has
        List<List<Integer>> table = List.of(List.of(0, 1), List.of(1, 2, 3), List.of(3), List.of(0, 1, 2, 3),
                List.of(2, 0));
        checkLayer(Fixtures.plan(4, 7, 7, table(5, 3, 1, 0, table)), 2, false);
        checkLayer(Fixtures.plan(4, 7, 7, table(5, 3, 2, 1, table)), 2, false);
        checkLayer(Fixtures.plan(4, 3, 3, table(5, 3, 1, 0, table)), 2, false);
    }

    @Test
    void convolutionWithTheC3Table() {
        List<List<Integer>> c3 = List.of(List.of(0, 1, 2), List.of(1, 2, 3), List.of(2, 3, 4), List.of(3, 4, 5),
                List.of(0, 4, 5), List.of(0, 1, 5), List.of(0, 1, 2, 3), List.of(1, 2, 3, 4), List.of(2, 3, 4, 5),
                List.of(0, 3, 4, 5), List.of(0, 1, 4, 5), List.of(0, 1, 2, 5), List.of(0, 1, 3, 4),
                List.of(1, 2, 4, 5), List.of(0, 2, 3, 5), List.of(0, 1, 2, 3, 4, 5));
        checkLayer(Fixtures.plan(6, 7, 7, table(16, 5, 1, 0, c3)), 1, false);
    }

    @Test
    void subsampling() {
        checkLayer(Fixtures.plan(3, 6, 6, new SubsamplingSpec(null, 2, null, null)), 2, false);
    }

    @Test
    void subsamplingOverlappingWindowsAndUnusedBorder() {
        checkLayer(Fixtures.plan(2, 8, 8, new SubsamplingSpec(null, 3, 2, null)), 2, false);
    }

    @Test
    void scaledTanh() {
        checkLayer(Fixtures.plan(3, 4, 4, new ActivationSpec(null, ActivationFunction.SCALED_TANH)), 2, false);
        checkLayer(Fixtures.plan(3, 4, 4, new ActivationSpec(null, ActivationFunction.SCALED_TANH, 2.5, 0.4)), 2,
                false);
    }

    @Test
    void euclideanRbfWithPrototypes() {
        ModelPlan plan = Fixtures.plan(1, 7, 12, new FlattenSpec(null),
                new RbfSpec(null, 10, null, null, "lenet5-digits-7x12", false, null));
        // the outputs are sums of 84 squares: a wider step keeps rounding out of the (exact) central differences
        checkLayer(Fixtures.DOUBLE_JAVA, plan.layers().get(1), 3, false, 1e-3);
    }

    @Test
    void trainableRbfs() {
        ModelPlan euclidean = Fixtures.plan(2, 2, 2, new FlattenSpec(null),
                new RbfSpec(null, 4, RbfFunction.EUCLIDEAN, null, null, true, null));
        checkLayer(euclidean.layers().get(1), 3, false);
        ModelPlan gaussian = Fixtures.plan(2, 2, 2, new FlattenSpec(null),
                new RbfSpec(null, 4, RbfFunction.GAUSSIAN, 0.8, null, true, null));
        checkLayer(gaussian.layers().get(1), 3, false);
    }

    @Test
    void rbfLosses() {
        checkLoss(new RbfDistanceSpec(), 3);
        checkLoss(new RbfMapSpec(2.0), 3);
        checkLoss(new RbfMapSpec(0.1), 0.5);
        checkLoss(new RbfCrossEntropySpec(), 1);
    }

    /** The backend's kernel for an RBF loss. */
    static LossKernel rbfLoss(LossSpec lossSpec) {
        ModelPlan plan = lossSpec instanceof RbfCrossEntropySpec
                ? Fixtures.plan(lossSpec, 1, 2, 3, new FlattenSpec(null),
                        new RbfSpec(null, 5, RbfFunction.GAUSSIAN, null, null, true, null))
                : Fixtures.plan(lossSpec, 1, 7, 12, new FlattenSpec(null),
                        new RbfSpec(null, 10, null, null, "lenet5-digits-7x12", false, null));
        return Fixtures.DOUBLE.loss(plan);
    }

    /** The loss's gradient against central differences, on positive outputs up to {@code scale}. */
    private static void checkLoss(LossSpec lossSpec, double scale) {
        Random random = new Random(5);
        LossKernel loss = rbfLoss(lossSpec);
        Tensor output = Fixtures.DOUBLE.allocate(org.lenetlab.plan.Shape.of(4, 5));
        for (long i = 0; i < output.shape().size(); i++) {
            output.set(i, (0.05 + 0.95 * random.nextDouble()) * scale);
        }
        int[] labels = {2, 0, 4, 1};
        int count = 3;
        Tensor gradient = Fixtures.DOUBLE.allocate(output.shape());
        Fixtures.fillUniform(gradient, random, 9);
        int[] predictions = new int[4];
        double mean = loss.lossAndGradient(output, labels, count, gradient, predictions);
        Tensor scratch = Fixtures.DOUBLE.allocate(output.shape());
        compare(lossSpec.type() + " output", gradient, output,
                () -> loss.lossAndGradient(output, labels, count, scratch, null));
        for (int j = 0; j < 5; j++) {
            assertEquals(0.0, gradient.get(3 * 5 + j), "padding row gradient");
        }
        int[] evaluated = new int[4];
        assertEquals(mean * count, loss.evaluate(output, labels, count, evaluated), 1e-9);
        for (int r = 0; r < count; r++) {
            assertEquals(predictions[r], evaluated[r]);
            int best = 0;
            for (int j = 1; j < 5; j++) {
                double v = output.get(r * 5 + j);
                double b = output.get(r * 5 + best);
                if (lossSpec.predictsSmallest() ? v < b : v > b) {
                    best = j;
                }
            }
            assertEquals(best, predictions[r], lossSpec.type() + " prediction of row " + r);
        }
    }

    @Test
    void softmaxCrossEntropy() {
        Random random = new Random(7);
        ModelPlan plan = Fixtures.plan(1, 1, 1, new FlattenSpec(null), new DenseSpec(null, 5, null, null));
        SoftmaxCrossEntropyKernel loss = (SoftmaxCrossEntropyKernel) Fixtures.DOUBLE.loss(plan);
        Tensor output = Fixtures.DOUBLE.allocate(plan.output().withBatch(4));
        Fixtures.fillUniform(output, random, 3);
        int[] labels = {2, 0, 4, 1};
        int count = 3; // the last row is padding and must get no gradient
        Tensor gradient = Fixtures.DOUBLE.allocate(output.shape());
        Fixtures.fillUniform(gradient, random, 9); // garbage, to be overwritten
        loss.lossAndGradient(output, labels, count, gradient, null);
        Tensor scratch = Fixtures.DOUBLE.allocate(output.shape());
        compare("loss output", gradient, output, () -> loss.lossAndGradient(output, labels, count, scratch, null));
        for (int j = 0; j < 5; j++) {
            assertEquals(0.0, gradient.get(3 * 5 + j), "padding row gradient");
        }
    }

    @Test
    void wholeNetwork() {
        Random random = new Random(11);
        ModelPlan plan = Fixtures.plan(1, 8, 8,
                conv(2, 3, 1, 0),
                new ActivationSpec(null, ActivationFunction.RELU),
                new MaxPoolingSpec(null, 2, 2),
                new FlattenSpec(null),
                new DenseSpec(null, 5, null, null),
                new ActivationSpec(null, ActivationFunction.TANH),
                new DenseSpec(null, 3, null, null));
        int batch = 3;
        List<LayerKernel> kernels = new ArrayList<>();
        List<Tensor> activations = new ArrayList<>();
        List<Tensor> gradients = new ArrayList<>();
        Tensor input = Fixtures.DOUBLE.allocate(plan.input().withBatch(batch));
        Fixtures.fillUniform(input, random, 1);
        activations.add(input);
        gradients.add(Fixtures.DOUBLE.allocate(input.shape()));
        for (LayerPlan layer : plan.layers()) {
            LayerKernel kernel = Fixtures.DOUBLE.layer(layer);
            for (Parameter p : kernel.parameters()) {
                Fixtures.fillUniform(p.value(), random, 0.6);
            }
            kernels.add(kernel);
            activations.add(Fixtures.DOUBLE.allocate(layer.output().withBatch(batch)));
            gradients.add(Fixtures.DOUBLE.allocate(layer.output().withBatch(batch)));
        }
        SoftmaxCrossEntropyKernel loss = (SoftmaxCrossEntropyKernel) Fixtures.DOUBLE.loss(plan);
        int[] labels = {1, 2, 0};
        Tensor lossGradient = gradients.get(gradients.size() - 1);
        DoubleSupplier objective = () -> {
            for (int i = 0; i < kernels.size(); i++) {
                kernels.get(i).forward(activations.get(i), activations.get(i + 1), TRAINING);
            }
            return loss.lossAndGradient(activations.get(kernels.size()), labels, batch, lossGradient, null);
        };
        objective.getAsDouble();
        for (int i = kernels.size() - 1; i >= 0; i--) {
            kernels.get(i).backward(activations.get(i), activations.get(i + 1), gradients.get(i + 1),
                    gradients.get(i));
        }
        List<Tensor> analytic = new ArrayList<>();
        for (LayerKernel kernel : kernels) {
            for (Parameter p : kernel.parameters()) {
                analytic.add(copy(p.gradient()));
            }
        }
        Tensor inputGradient = copy(gradients.get(0));
        compare("network input", inputGradient, input, objective);
        int at = 0;
        for (int i = 0; i < kernels.size(); i++) {
            for (Parameter p : kernels.get(i).parameters()) {
                compare(plan.layers().get(i).name() + "." + p.plan().name(), analytic.get(at++), p.value(), objective);
            }
        }
        assertEquals(6, at);
    }

    private static ConvolutionSpec table(int filters, int kernel, int stride, int padding, List<List<Integer>> table) {
        return new ConvolutionSpec(null, filters, kernel, stride, padding, null, null, table);
    }

    private static ConvolutionSpec conv(int filters, int kernel, int stride, int padding) {
        return new ConvolutionSpec(null, filters, kernel, stride, padding, null, null);
    }

    private static void checkLayer(ModelPlan plan, int batch, boolean distinct) {
        checkLayer(plan.layers().get(0), batch, distinct);
    }

    /** Checks the layer with its Java loops and with its ND4J ops (where it has those). */
    private static void checkLayer(LayerPlan layer, int batch, boolean distinct) {
        checkLayer(Fixtures.DOUBLE_JAVA, layer, batch, distinct);
        checkLayer(Fixtures.DOUBLE_ND4J, layer, batch, distinct);
    }

    /**
     * Checks input and parameter gradients of one layer for the loss sum(output · R); {@code distinct} fills the
     * input with well-separated values (no ties for max pooling, no zeros for relu).
     */
    private static void checkLayer(CpuBackend backend, LayerPlan layer, int batch, boolean distinct) {
        checkLayer(backend, layer, batch, distinct, STEP);
    }

    private static void checkLayer(CpuBackend backend, LayerPlan layer, int batch, boolean distinct, double step) {
        Random random = new Random(layer.name().hashCode());
        LayerKernel kernel = backend.layer(layer);
        assertEquals(layer.parameters().size(), kernel.parameters().size());
        for (Parameter p : kernel.parameters()) {
            if (p.plan().initialValues() != null) {
                p.value().write(p.plan().initialValues().values(), 0);
            } else {
                Fixtures.fillUniform(p.value(), random, 0.5);
            }
            Fixtures.fillUniform(p.gradient(), random, 9); // garbage: backward must overwrite, not accumulate
        }
        Tensor input = Fixtures.DOUBLE.allocate(layer.input().withBatch(batch));
        if (distinct) {
            Fixtures.fillDistinct(input, random);
        } else {
            Fixtures.fillUniform(input, random, 1);
        }
        Tensor output = Fixtures.DOUBLE.allocate(layer.output().withBatch(batch));
        Tensor weights = Fixtures.DOUBLE.allocate(output.shape());
        Fixtures.fillUniform(weights, random, 1);
        Tensor inputGradient = Fixtures.DOUBLE.allocate(input.shape());
        Fixtures.fillUniform(inputGradient, random, 9);

        kernel.forward(input, output, TRAINING);
        kernel.backward(input, output, weights, inputGradient);
        List<Tensor> analytic = new ArrayList<>();
        for (Parameter p : kernel.parameters()) {
            analytic.add(copy(p.gradient()));
        }
        // the first layer gets no input gradient; parameter gradients must not change
        kernel.forward(input, output, TRAINING);
        kernel.backward(input, output, weights, null);
        for (int i = 0; i < analytic.size(); i++) {
            assertArrayEquals(analytic.get(i), kernel.parameters().get(i).gradient());
        }

        DoubleSupplier objective = () -> {
            kernel.forward(input, output, TRAINING);
            return dot(output, weights);
        };
        compare(layer.name() + " input", inputGradient, input, objective, step);
        for (int i = 0; i < analytic.size(); i++) {
            Parameter p = kernel.parameters().get(i);
            compare(layer.name() + "." + p.plan().name(), analytic.get(i), p.value(), objective, step);
        }
    }

    /** Compares every element of {@code analytic} with the central difference of {@code objective} in {@code x}. */
    private static void compare(String what, Tensor analytic, Tensor x, DoubleSupplier objective) {
        compare(what, analytic, x, objective, STEP);
    }

    /** As {@link #compare(String, Tensor, Tensor, DoubleSupplier)} with the given step. */
    private static void compare(String what, Tensor analytic, Tensor x, DoubleSupplier objective, double step) {
        assertEquals(x.shape(), analytic.shape(), what + " gradient shape");
        double worst = 0;
        for (long i = 0; i < x.shape().size(); i++) {
            double original = x.get(i);
            x.set(i, original + step);
            double plus = objective.getAsDouble();
            x.set(i, original - step);
            double minus = objective.getAsDouble();
            x.set(i, original);
            double numeric = (plus - minus) / (2 * step);
            double a = analytic.get(i);
            double error = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), FLOOR);
            worst = Math.max(worst, error);
            if (!(error <= TOLERANCE)) {
                fail(what + " gradient at " + i + ": analytic " + a + ", numeric " + numeric + ", relative error "
                        + error);
            }
        }
        assertTrue(worst <= TOLERANCE);
    }

    private static double dot(Tensor a, Tensor b) {
        double sum = 0;
        for (long i = 0; i < a.shape().size(); i++) {
            sum += a.get(i) * b.get(i);
        }
        return sum;
    }

    private static Tensor copy(Tensor t) {
        Tensor c = Fixtures.DOUBLE.allocate(t.shape());
        Fixtures.setValues(c, Fixtures.values(t));
        return c;
    }

    private static void assertArrayEquals(Tensor expected, Tensor actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(Fixtures.values(expected), Fixtures.values(actual));
    }
}
