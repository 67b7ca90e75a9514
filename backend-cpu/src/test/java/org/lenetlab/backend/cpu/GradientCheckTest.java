package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * Central finite differences in float64 against the float64 engine's backward passes
 * ({@link CpuBackend#exactFloat64()}, whose losses read the outputs unrounded): every layer kernel for the scalar loss
 * sum(output · R) with a fixed random R, every loss, and whole small networks composed as cells compose them.
 */
class GradientCheckTest {
    private static final double STEP = 1e-6;
    /** Largest allowed |analytic - numeric| / max(|analytic| + |numeric|, FLOOR). */
    private static final double TOLERANCE = 1e-6;
    /** Absolute floor of the relative error's denominator, for gradients near zero. */
    private static final double FLOOR = 1e-2;
    private static final Pass TRAINING = new Pass(true, 42);

    static final List<List<Integer>> C3 = List.of(List.of(0, 1, 2), List.of(1, 2, 3), List.of(2, 3, 4),
            List.of(3, 4, 5), List.of(0, 4, 5), List.of(0, 1, 5), List.of(0, 1, 2, 3), List.of(1, 2, 3, 4),
            List.of(2, 3, 4, 5), List.of(0, 3, 4, 5), List.of(0, 1, 4, 5), List.of(0, 1, 2, 5), List.of(0, 1, 3, 4),
            List.of(1, 2, 4, 5), List.of(0, 2, 3, 5), List.of(0, 1, 2, 3, 4, 5));

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
    void convolutionWithFewPositions() {
        // 2×2 and 1×1 output positions: patches laid out position by position
        checkLayer(Fixtures.plan(2, 4, 4, conv(3, 3, 1, 0)), 2, false);
        checkLayer(Fixtures.plan(3, 5, 5, conv(4, 5, 1, 0)), 3, false);
        checkLayer(Fixtures.plan(3, 5, 5, conv(4, 5, 1, 0)), 1, false);
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
        checkLayer(Fixtures.plan(6, 7, 7, table(16, 5, 1, 0, C3)), 1, false);
        checkLayer(Fixtures.plan(6, 5, 5, table(16, 5, 1, 0, C3)), 2, false);
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
    void scaledTanh() {
        checkLayer(Fixtures.plan(3, 4, 4, new ActivationSpec(null, ActivationFunction.SCALED_TANH)), 2, false);
        checkLayer(Fixtures.plan(3, 4, 4, new ActivationSpec(null, ActivationFunction.SCALED_TANH, 2.5, 0.4)), 2,
                false);
    }

    @Test
    void flatten() {
        checkLayer(Fixtures.plan(2, 3, 3, new FlattenSpec(null)), 2, false);
    }

    @Test
    void dense() {
        ModelPlan plan = Fixtures.plan(2, 3, 3, new FlattenSpec(null), new DenseSpec(null, 4, null, null));
        checkLayer(plan.layers().get(1), 3, false, STEP);
        checkLayer(plan.layers().get(1), 1, false, STEP);
    }

    @Test
    void dropoutWithAFixedMask() {
        checkLayer(Fixtures.plan(3, 4, 4, new DropoutSpec(null, 0.4)), 2, false);
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
    void euclideanRbfWithFixedPrototypes() {
        ModelPlan plan = Fixtures.plan(1, 7, 12, new FlattenSpec(null),
                new RbfSpec(null, 10, null, null, "lenet5-digits-7x12", false, null));
        // the outputs are sums of 84 squares: a wider step keeps rounding out of the (exact) central differences
        checkLayer(plan.layers().get(1), 3, false, 1e-3);
    }

    @Test
    void trainableEuclideanAndGaussianRbfs() {
        ModelPlan euclidean = Fixtures.plan(2, 2, 2, new FlattenSpec(null),
                new RbfSpec(null, 4, RbfFunction.EUCLIDEAN, null, null, true, null));
        checkLayer(euclidean.layers().get(1), 3, false, STEP);
        ModelPlan gaussian = Fixtures.plan(2, 2, 2, new FlattenSpec(null),
                new RbfSpec(null, 4, RbfFunction.GAUSSIAN, 0.8, null, true, null));
        checkLayer(gaussian.layers().get(1), 3, false, STEP);
    }

    // ---------------------------------------------------------------- losses

    @Test
    void softmaxCrossEntropy() {
        checkLoss(new LossPlan.SoftmaxCrossEntropy(), -3, 3);
    }

    @Test
    void rbfLosses() {
        checkLoss(new LossPlan.RbfDistance(), 0.15, 3);
        checkLoss(new LossPlan.RbfMap(2.0), 0.15, 3);
        checkLoss(new LossPlan.RbfMap(0.1), 0.025, 0.5);
        checkLoss(new LossPlan.RbfCrossEntropy(), 0.05, 1);
    }

    /**
     * The loss's gradient against central differences, on outputs uniform in [low, high); the last row is padding
     * (beyond {@code count}) and must get a zero gradient; evaluation sums what training averages and predicts the
     * same.
     */
    private static void checkLoss(LossPlan plan, double low, double high) {
        Random random = new Random(plan.type().hashCode());
        LossKernel loss = Fixtures.EXACT.loss(plan);
        Tensor output = Fixtures.EXACT.allocate(Shape.of(4, 5));
        double[] values = new double[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        output.write(values);
        int[] labels = {2, 0, 4, 1};
        int count = 3;
        Tensor gradient = Fixtures.EXACT.allocate(output.shape());
        Fixtures.fillUniform(gradient, random, 9); // garbage, to be overwritten
        int[] predictions = new int[4];
        double mean = loss.lossAndGradient(output, labels, count, gradient, predictions);
        Tensor scratch = Fixtures.EXACT.allocate(output.shape());
        compare(plan.type() + " output", Fixtures.copy(gradient), output,
                () -> loss.lossAndGradient(output, labels, count, scratch, null), STEP);
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
                if (plan.predictsSmallest() ? v < b : v > b) {
                    best = j;
                }
            }
            assertEquals(best, predictions[r], plan.type() + " prediction of row " + r);
        }
    }

    @Test
    void theProductionFloat64LossesReadOutputsRoundedToFloat32() {
        // so that the paper run reproduces bit for bit; the exact engine's losses (checked above) do not round
        Random random = new Random(3);
        for (LossPlan plan : List.of(new LossPlan.SoftmaxCrossEntropy(), new LossPlan.RbfMap(10.0),
                new LossPlan.RbfDistance(), new LossPlan.RbfCrossEntropy())) {
            Tensor output = Fixtures.FLOAT64.allocate(Shape.of(3, 10));
            double[] values = new double[30];
            for (int i = 0; i < values.length; i++) {
                values[i] = 0.05 + random.nextDouble() + 1e-9 * random.nextDouble();
            }
            output.write(values);
            Tensor rounded = Fixtures.EXACT.allocate(output.shape());
            double[] roundedValues = values.clone();
            for (int i = 0; i < roundedValues.length; i++) {
                roundedValues[i] = (float) roundedValues[i];
            }
            rounded.write(roundedValues);
            int[] labels = {1, 7, 4};
            Tensor g = Fixtures.FLOAT64.allocate(output.shape());
            Tensor expectedG = Fixtures.EXACT.allocate(output.shape());
            double production = Fixtures.FLOAT64.loss(plan).lossAndGradient(output, labels, 3, g, null);
            double exactOnRounded = Fixtures.EXACT.loss(plan).lossAndGradient(rounded, labels, 3, expectedG, null);
            assertEquals(exactOnRounded, production, 0.0, plan.type());
            assertArrayEquals(Fixtures.values(expectedG), Fixtures.values(g), 0.0, plan.type());
            double exact = Fixtures.EXACT.loss(plan).lossAndGradient(output, labels, 3, expectedG, null);
            assertNotEquals(exact, production, plan.type() + ": the exact loss reads the unrounded outputs");
        }
    }

    // ---------------------------------------------------------------- whole networks

    @Test
    void wholeNetworkWithDropout() {
        checkNetwork(Fixtures.plan(1, 8, 8,
                conv(2, 3, 1, 0),
                new ActivationSpec(null, ActivationFunction.RELU),
                new MaxPoolingSpec(null, 2, 2),
                new FlattenSpec(null),
                new DropoutSpec(null, 0.3),
                new DenseSpec(null, 5, null, null),
                new ActivationSpec(null, ActivationFunction.TANH),
                new DenseSpec(null, 3, null, null)), 3, 6, STEP);
    }

    @Test
    void wholeLeNet5LikeNetworkWithATableSubsamplingAndGaussianRbfs() {
        checkNetwork(Fixtures.plan(new RbfCrossEntropySpec(), 1, 10, 10,
                conv(3, 3, 1, 1),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                new SubsamplingSpec(null, 2, null, null),
                new ActivationSpec(null, ActivationFunction.SIGMOID),
                table(4, 2, 1, 0, List.of(List.of(0), List.of(1, 2), List.of(2, 0), List.of(0, 1, 2))),
                new ActivationSpec(null, ActivationFunction.TANH),
                new AveragePoolingSpec(null, 2, 2),
                new FlattenSpec(null),
                new DenseSpec(null, 6, null, null),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                new RbfSpec(null, 5, RbfFunction.GAUSSIAN, 1.5, null, true, null)), 3, 9, STEP);
    }

    @Test
    void wholeNetworkWithAStridedConvolutionAndLeNet5sOutputLayer() {
        checkNetwork(Fixtures.plan(new RbfMapSpec(3.0), 1, 9, 9,
                conv(4, 3, 2, 1),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                new FlattenSpec(null),
                new DenseSpec(null, 84, null, null),
                new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                new RbfSpec("OUTPUT", 10, null, null, "lenet5-digits-7x12", false, null)), 2, 5, 1e-5);
    }

    /**
     * Composes {@code plan} from the exact float64 engine as a cell would, takes one training step at learning rate
     * 0 (which leaves the parameters) and compares every parameter's gradient with central differences of the step's
     * mean loss; the dropout masks follow the step's seed, the same in every step.
     */
    private static void checkNetwork(ModelPlan plan, int batch, int parameters, double step) {
        Random random = new Random(plan.layers().size());
        ComposedNetwork network = Fixtures.compose(plan, Fixtures.EXACT, Fixtures.frozen());
        List<Parameter> all = network.parameterTensors();
        assertEquals(parameters, all.size());
        for (Parameter p : all) {
            if (p.plan().initialValues() != null) {
                p.value().write(p.plan().initialValues().values(), 0);
            } else {
                Fixtures.fillUniform(p.value(), random, 0.6);
            }
        }
        int classes = plan.output().dim(0);
        ImageData images = network.images(Fixtures.images(batch, plan.input(), 5), plan.input());
        int[] order = Fixtures.identity(batch);
        int[] labels = Fixtures.labels(batch, classes, 6);
        int[] predictions = new int[batch];
        DoubleSupplier objective = () -> network.trainStep(images, order, 0, batch, labels, 1, 77, predictions);
        objective.getAsDouble();
        List<Tensor> analytic = new ArrayList<>();
        for (Parameter p : all) {
            analytic.add(Fixtures.copy(p.gradient()));
        }
        for (int i = 0; i < all.size(); i++) {
            Parameter p = all.get(i);
            compare(p.plan().name() + " " + i, analytic.get(i), p.value(), objective, step);
        }
    }

    // ---------------------------------------------------------------- helpers

    static ConvolutionSpec table(int filters, int kernel, int stride, int padding, List<List<Integer>> table) {
        return new ConvolutionSpec(null, filters, kernel, stride, padding, null, null, table);
    }

    static ConvolutionSpec conv(int filters, int kernel, int stride, int padding) {
        return new ConvolutionSpec(null, filters, kernel, stride, padding, null, null);
    }

    private static void checkLayer(ModelPlan plan, int batch, boolean distinct) {
        checkLayer(plan.layers().get(0), batch, distinct, STEP);
    }

    /**
     * Checks input and parameter gradients of one layer of the exact float64 engine for the loss sum(output · R);
     * {@code distinct} fills the input with well-separated values (no ties for max pooling, no zeros for relu).
     */
    private static void checkLayer(LayerPlan layer, int batch, boolean distinct, double step) {
        Random random = new Random(layer.name().hashCode() + batch);
        LayerKernel kernel = Fixtures.EXACT.layer(layer);
        assertEquals(layer.parameters().size(), kernel.parameters().size());
        for (Parameter p : kernel.parameters()) {
            if (p.plan().initialValues() != null) {
                p.value().write(p.plan().initialValues().values(), 0);
            } else {
                Fixtures.fillUniform(p.value(), random, 0.5);
            }
            Fixtures.fillUniform(p.gradient(), random, 9); // garbage: backward must overwrite, not accumulate
        }
        Tensor input = Fixtures.EXACT.allocate(layer.input().withBatch(batch));
        if (distinct) {
            Fixtures.fillDistinct(input, random);
        } else {
            Fixtures.fillUniform(input, random, 1);
        }
        Tensor output = Fixtures.EXACT.allocate(layer.output().withBatch(batch));
        Tensor weights = Fixtures.EXACT.allocate(output.shape());
        Fixtures.fillUniform(weights, random, 1);
        Tensor inputGradient = Fixtures.EXACT.allocate(input.shape());
        Fixtures.fillUniform(inputGradient, random, 9);

        kernel.forward(input, output, TRAINING);
        kernel.backward(input, output, weights, inputGradient);
        List<Tensor> analytic = new ArrayList<>();
        for (Parameter p : kernel.parameters()) {
            analytic.add(Fixtures.copy(p.gradient()));
        }
        // the first layer gets no input gradient; parameter gradients must not change
        kernel.forward(input, output, TRAINING);
        kernel.backward(input, output, weights, null);
        for (int i = 0; i < analytic.size(); i++) {
            assertArrayEquals(Fixtures.values(analytic.get(i)), Fixtures.values(kernel.parameters().get(i).gradient()));
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
    static void compare(String what, Tensor analytic, Tensor x, DoubleSupplier objective, double step) {
        assertEquals(x.shape(), analytic.shape(), what + " gradient shape");
        double worst = 0;
        boolean anyNonZero = false;
        for (long i = 0; i < x.shape().size(); i++) {
            double original = x.get(i);
            x.set(i, original + step);
            double plus = objective.getAsDouble();
            x.set(i, original - step);
            double minus = objective.getAsDouble();
            x.set(i, original);
            double numeric = (plus - minus) / (2 * step);
            double a = analytic.get(i);
            anyNonZero |= a != 0;
            double error = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), FLOOR);
            worst = Math.max(worst, error);
            if (!(error <= TOLERANCE)) {
                fail(what + " gradient at " + i + ": analytic " + a + ", numeric " + numeric + ", relative error "
                        + error);
            }
        }
        objective.getAsDouble();
        assertTrue(worst <= TOLERANCE);
        assertTrue(anyNonZero, what + ": every gradient is zero, nothing was checked");
    }

    private static double dot(Tensor a, Tensor b) {
        double sum = 0;
        for (long i = 0; i < a.shape().size(); i++) {
            sum += a.get(i) * b.get(i);
        }
        return sum;
    }
}
