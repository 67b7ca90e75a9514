package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.ImageBatches;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.LossKernel;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ModelPlanner;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LearningRateStep;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Network;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingSettings;

/** The training loop's curvature phase and learning-rate schedule, on a small RBF network and made-up data. */
class SdlmTrainingTest {
    private static final ModelPlan PLAN = ModelPlanner.plan(new ModelSpec(null, "small", null, new InputSpec(1, 7, 12),
            null, List.of(new FlattenSpec(null), new DenseSpec("F6", 84, null, null),
                    new ActivationSpec(null, ActivationFunction.SCALED_TANH),
                    new RbfSpec("OUTPUT", 10, null, null, "lenet5-digits-7x12", false, null)),
            new RbfMapSpec(null)), 10);

    @Test
    void everyEpochSetsItsRateThenEstimatesCurvatureThenSteps() {
        Examples train = examples(40, 1);
        Examples test = examples(20, 2);
        TrainingSettings settings = new TrainingSettings(3, 2, OptimizerKind.SDLM, 0.01, null, null, null, null, 0,
                Normalization.NONE, 10, null, List.of(new LearningRateStep(1, 0.01), new LearningRateStep(3, 0.001)),
                0.02, 7);
        Recording backend = new Recording(Fixtures.FLOAT);
        TrainingRun run = new Trainer(settings, 5, TrainingListener.NONE, () -> false)
                .run(Network.create(PLAN, backend, 5), train, test);
        assertEquals(List.of("rate 0.01", "reset", "curvature 2", "curvature 2", "curvature 2", "curvature 1", "finish",
                "steps 20", "rate 0.01", "reset", "curvature 2", "curvature 2", "curvature 2", "curvature 1", "finish",
                "steps 20", "rate 0.001", "reset", "curvature 2", "curvature 2", "curvature 2", "curvature 1", "finish",
                "steps 20"), backend.calls());
        assertEquals(3, run.epochs().size());
        assertTrue(run.epochs().stream().allMatch(e -> Double.isFinite(e.trainLoss())));
        assertTrue(run.epochs().get(2).trainLoss() < run.epochs().get(0).trainLoss(), "it learns");

        TrainingRun again = new Trainer(settings, 5, TrainingListener.NONE, () -> false)
                .run(Network.create(PLAN, new Recording(Fixtures.FLOAT), 5), train, test);
        for (int e = 0; e < 3; e++) {
            assertEquals(run.epochs().get(e).trainLoss(), again.epochs().get(e).trainLoss(), 0.0, "deterministic");
        }
    }

    /** Images that are noisy copies of the prototypes of their labels, so that there is something to learn. */
    private static Examples examples(int count, long seed) {
        Random random = new Random(seed);
        float[] prototypes = PLAN.layers().get(3).parameters().get(0).initialValues().values();
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

    /** The CPU backend with an updater that records what the training loop asks of it. */
    private static final class Recording implements Backend {
        private final CpuBackend cpu;
        private final List<String> calls = new ArrayList<>();
        private int steps;

        Recording(CpuBackend cpu) {
            this.cpu = cpu;
        }

        List<String> calls() {
            flushSteps();
            return calls;
        }

        @Override
        public String name() {
            return cpu.name();
        }

        @Override
        public String device() {
            return cpu.device();
        }

        @Override
        public Tensor allocate(Shape shape) {
            return cpu.allocate(shape);
        }

        @Override
        public LayerKernel layer(LayerPlan layer) {
            return cpu.layer(layer);
        }

        @Override
        public LossKernel loss(ModelPlan model) {
            return cpu.loss(model);
        }

        @Override
        public ImageBatches images(float[] images, Shape imageShape) {
            return cpu.images(images, imageShape);
        }

        @Override
        public ParameterUpdater updater(OptimizerConfig config, List<Parameter> parameters) {
            ParameterUpdater real = cpu.updater(config, parameters);
            return new ParameterUpdater() {
                @Override
                public void update(long step) {
                    steps++;
                    real.update(step);
                }

                @Override
                public void setLearningRate(double learningRate) {
                    flushSteps();
                    calls.add("rate " + learningRate);
                    real.setLearningRate(learningRate);
                }

                @Override
                public boolean usesCurvature() {
                    return real.usesCurvature();
                }

                @Override
                public void resetCurvature() {
                    flushSteps();
                    calls.add("reset");
                    real.resetCurvature();
                }

                @Override
                public void accumulateCurvature(int samples) {
                    calls.add("curvature " + samples);
                    real.accumulateCurvature(samples);
                }

                @Override
                public void finishCurvature() {
                    calls.add("finish");
                    real.finishCurvature();
                }
            };
        }

        private void flushSteps() {
            if (steps > 0) {
                calls.add("steps " + steps);
                steps = 0;
            }
        }
    }
}
