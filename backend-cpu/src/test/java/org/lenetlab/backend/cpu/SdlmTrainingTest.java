package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LearningRateStep;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.testing.SyntheticDigits;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Initialization;
import org.lenetlab.train.Preprocessor;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingSettings;

/**
 * Training with the stochastic diagonal Levenberg–Marquardt method on the CPU backend, in float64 and in float32
 * (whose curvature passes run in float64 through {@link Widened}): the training loop's curvature phase and
 * learning-rate schedule on a small RBF network, and the shipped LeNet-5 learning from a few hundred patterns.
 */
class SdlmTrainingTest {
    private static final ModelPlan SMALL = ModelPlanner.plan(new ModelSpec(null, "small", null,
            new InputSpec(1, 7, 12), null, List.of(new FlattenSpec(null), new DenseSpec("F6", 84, null, null),
                    new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                    new RbfSpec("OUTPUT", 10, null, null, "lenet5-digits-7x12", false, null)),
            new RbfMapSpec(null)), 10);

    @ParameterizedTest
    @EnumSource(Precision.class)
    void everyEpochSetsItsRateThenEstimatesCurvatureThenSteps(Precision precision) {
        Examples train = prototypeImages(40, 1);
        Examples test = prototypeImages(20, 2);
        TrainingSettings settings = new TrainingSettings(3, 2, OptimizerKind.SDLM, 0.01, null, null, null, null, 0,
                Normalization.NONE, 10, null, List.of(new LearningRateStep(1, 0.01), new LearningRateStep(3, 0.001)),
                0.02, 7, precision);
        Recording network = new Recording(Fixtures.CPU.compile(SMALL,
                CompileOptions.training(precision, settings.optimizerPlan())));
        Initialization.initialize(network, 5);
        TrainingRun run = new Trainer(settings, 5, TrainingListener.NONE, () -> false).run(network, train, test);
        assertEquals(List.of("rate 0.01", "reset", "curvature 2", "curvature 2", "curvature 2", "curvature 1", "finish",
                "steps 20", "rate 0.01", "reset", "curvature 2", "curvature 2", "curvature 2", "curvature 1", "finish",
                "steps 20", "rate 0.001", "reset", "curvature 2", "curvature 2", "curvature 2", "curvature 1", "finish",
                "steps 20"), network.calls());
        assertEquals(3, run.epochs().size());
        assertTrue(run.epochs().stream().allMatch(e -> Double.isFinite(e.trainLoss())));
        assertTrue(run.epochs().get(2).trainLoss() < run.epochs().get(0).trainLoss(), "it learns");

        CompiledNetwork again = Fixtures.CPU.compile(SMALL, CompileOptions.training(precision,
                settings.optimizerPlan()));
        Initialization.initialize(again, 5);
        TrainingRun repeated = new Trainer(settings, 5, TrainingListener.NONE, () -> false).run(again, train, test);
        for (int e = 0; e < 3; e++) {
            assertEquals(run.epochs().get(e).trainLoss(), repeated.epochs().get(e).trainLoss(), 0.0, "deterministic");
        }
    }

    /**
     * The shipped LeNet-5 (C3's connection table, trainable subsampling, scaled tanh, fixed prototypes, the MAP
     * criterion) trained one pattern at a time with the paper run's settings on a few hundred synthetic digits, in
     * float64 and in float32: each learns (the test loss falls from about 190 to about 4, every test digit right),
     * and the two precisions' losses agree to far better than the learning they measure.
     */
    @Test
    void theShippedLeNet5LearnsWithSdlmInEitherPrecisionAlike() {
        ModelPlan plan = Fixtures.shipped("lenet5-original");
        Examples train = Preprocessor.apply(SyntheticDigits.examples(240, 1), plan.preprocessing(),
                Normalization.NONE);
        Examples test = Preprocessor.apply(SyntheticDigits.examples(100, 2), plan.preprocessing(), Normalization.NONE);
        assertEquals(plan.input(), train.imageShape());
        Map<Precision, TrainingRun> runs = new EnumMap<>(Precision.class);
        for (Precision precision : Precision.values()) {
            TrainingSettings settings = new TrainingSettings(2, 1, OptimizerKind.SDLM, 0.0005, null, null, null, null,
                    0, Normalization.NONE, 100, null, null, 0.5, 100, precision);
            try (CompiledNetwork network = Fixtures.CPU.compile(plan,
                    CompileOptions.training(precision, settings.optimizerPlan()))) {
                assertEquals(precision, network.precision());
                Initialization.initialize(network, 0);
                ImageData images = network.images(test.images(), test.imageShape());
                double before = network.evaluate(images, Fixtures.identity(100), 0, 100, test.labels(),
                        new int[100]) / 100;
                TrainingRun run = new Trainer(settings, 0, TrainingListener.NONE, () -> false)
                        .run(network, train, test);
                double first = run.epochs().get(0).trainLoss();
                double second = run.epochs().get(1).trainLoss();
                double after = run.epochs().get(1).testLoss();
                assertTrue(second < 0.5 * first, precision + ": training loss " + first + " then " + second);
                assertTrue(after < 0.1 * before, precision + ": test loss " + before + " before, " + after + " after");
                assertTrue(run.epochs().get(1).testAccuracy() > 0.9, precision + ": test accuracy "
                        + run.epochs().get(1).testAccuracy());
                runs.put(precision, run);
            }
        }
        for (int e = 0; e < 2; e++) {
            double wide = runs.get(Precision.FLOAT64).epochs().get(e).trainLoss();
            double single = runs.get(Precision.FLOAT32).epochs().get(e).trainLoss();
            assertEquals(wide, single, 1e-4 * wide, "training loss of epoch " + (e + 1));
        }
    }

    /** Images that are noisy copies of the prototypes of their labels, so that there is something to learn. */
    private static Examples prototypeImages(int count, long seed) {
        Random random = new Random(seed);
        float[] prototypes = SMALL.layers().get(3).parameters().get(0).initialValues().values();
        float[] images = new float[count * 84];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < 84; j++) {
                images[i * 84 + j] = (float) (0.5 * prototypes[labels[i] * 84 + j] + 0.3 * random.nextGaussian());
            }
        }
        return new Examples(images, labels, count, Shape.of(1, 7, 12));
    }

    /** A compiled network that records what the training loop asks of it. */
    private static final class Recording implements CompiledNetwork {
        private final CompiledNetwork network;
        private final List<String> calls = new ArrayList<>();
        private int steps;

        Recording(CompiledNetwork network) {
            this.network = network;
        }

        List<String> calls() {
            flushSteps();
            return calls;
        }

        private void flushSteps() {
            if (steps > 0) {
                calls.add("steps " + steps);
                steps = 0;
            }
        }

        @Override
        public ModelPlan plan() {
            return network.plan();
        }

        @Override
        public Precision precision() {
            return network.precision();
        }

        @Override
        public String device() {
            return network.device();
        }

        @Override
        public void readParameter(int index, double[] target) {
            network.readParameter(index, target);
        }

        @Override
        public void writeParameter(int index, double[] values) {
            network.writeParameter(index, values);
        }

        @Override
        public ImageData images(float[] images, Shape imageShape) {
            return network.images(images, imageShape);
        }

        @Override
        public double trainStep(ImageData images, int[] order, int from, int count, int[] labels, long step, long seed,
                                int[] predictions) {
            steps++;
            return network.trainStep(images, order, from, count, labels, step, seed, predictions);
        }

        @Override
        public double evaluate(ImageData images, int[] order, int from, int count, int[] labels, int[] predictions) {
            return network.evaluate(images, order, from, count, labels, predictions);
        }

        @Override
        public void forward(ImageData images, int[] order, int from, int count, float[] outputs) {
            network.forward(images, order, from, count, outputs);
        }

        @Override
        public void setLearningRate(double learningRate) {
            flushSteps();
            calls.add("rate " + learningRate);
            network.setLearningRate(learningRate);
        }

        @Override
        public void resetCurvature() {
            flushSteps();
            calls.add("reset");
            network.resetCurvature();
        }

        @Override
        public double accumulateCurvature(ImageData images, int[] order, int from, int count, int[] labels,
                                          long seed) {
            calls.add("curvature " + count);
            return network.accumulateCurvature(images, order, from, count, labels, seed);
        }

        @Override
        public void finishCurvature() {
            calls.add("finish");
            network.finishCurvature();
        }

        @Override
        public java.util.List<double[]> optimizerState() {
            return network.optimizerState();
        }

        @Override
        public void restoreOptimizerState(java.util.List<double[]> state) {
            network.restoreOptimizerState(state);
        }

        @Override
        public void close() {
            network.close();
        }
    }
}
