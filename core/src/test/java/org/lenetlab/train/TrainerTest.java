package org.lenetlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.provenance.WeightsDigest;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LearningRateStep;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.testing.FakeBackend;
import org.lenetlab.testing.SyntheticDigits;

/** The training loop on a small fake backend, without any real backend. */
class TrainerTest {
    private static final ModelPlan PLAN = ModelPlanner.plan(new ModelSpec(null, "linear", null, null, null,
            List.of(new FlattenSpec(null), new DropoutSpec(null, 0.1), new DenseSpec(null, 10, null, null)), null), 10);
    private static final Examples TRAIN = SyntheticDigits.examples(300, 1);
    private static final Examples TEST = SyntheticDigits.examples(100, 2);

    private static TrainingSettings settings(int epochs) {
        return new TrainingSettings(epochs, 32, OptimizerKind.SGD, 0.1, 0.5, null, null, null, 0, Normalization.NONE,
                64, null);
    }

    private static CompiledNetwork network(FakeBackend backend, TrainingSettings settings, long seed) {
        CompiledNetwork network = backend.compile(PLAN, CompileOptions.training(Precision.FLOAT32,
                settings.optimizerPlan()));
        Initialization.initialize(network, seed);
        return network;
    }

    @Test
    void learnsAndCountsEveryStep() {
        FakeBackend backend = new FakeBackend("fake");
        List<EpochResult> heard = new ArrayList<>();
        TrainingRun run;
        try (CompiledNetwork network = network(backend, settings(3), 0)) {
            run = new Trainer(settings(3), 0, new TrainingListener() {
                @Override
                public void epochFinished(EpochResult result) {
                    heard.add(result);
                }
            }, () -> false).run(network, TRAIN, TEST);
        }
        assertEquals(3, run.epochs().size());
        assertEquals(run.epochs(), heard);
        assertEquals(3 * 10, backend.steps(), "ceil(300 / 32) steps per epoch");
        assertTrue(run.epochs().get(2).testAccuracy() > 0.95, "accuracy " + run.epochs().get(2).testAccuracy());
        assertTrue(run.epochs().get(2).trainLoss() < run.epochs().get(0).trainLoss());
        assertEquals(100, run.testPredictions().length);
    }

    @Test
    void theSeedFixesWeightsOrderAndDropout() {
        FakeBackend backend = new FakeBackend("fake");
        String[] digests = new String[3];
        long[] seeds = {5, 5, 6};
        for (int i = 0; i < 3; i++) {
            try (CompiledNetwork network = network(backend, settings(2), seeds[i])) {
                new Trainer(settings(2), seeds[i], TrainingListener.NONE, () -> false).run(network, TRAIN, TEST);
                digests[i] = WeightsDigest.sha256(network);
            }
        }
        assertEquals(digests[0], digests[1]);
        assertNotEquals(digests[0], digests[2]);
    }

    @Test
    void aStopRequestEndsTrainingAtABatchBoundary() {
        int[] polls = {0};
        try (CompiledNetwork network = network(new FakeBackend("fake"), settings(2), 0)) {
            TrainingStoppedException stopped = assertThrows(TrainingStoppedException.class,
                    () -> new Trainer(settings(2), 0, TrainingListener.NONE, () -> ++polls[0] > 13)
                            .run(network, TRAIN, TEST));
            assertEquals("stopped on request before epoch 2, batch 4", stopped.getMessage());
        }
    }

    @Test
    void aLossThatIsNotFiniteIsDivergence() {
        TrainingSettings wild = new TrainingSettings(1, 32, OptimizerKind.SGD, 1e38, 0.0, null, null, null, 0,
                Normalization.NONE, 64, null);
        try (CompiledNetwork network = network(new FakeBackend("fake"), wild, 0)) {
            DivergenceException e = assertThrows(DivergenceException.class,
                    () -> new Trainer(wild, 0, TrainingListener.NONE, () -> false).run(network, TRAIN, TEST));
            assertTrue(e.getMessage().startsWith("training diverged: loss "), e.getMessage());
        }
    }

    @Test
    void theScheduleSetsEachEpochsRate() {
        TrainingSettings scheduled = new TrainingSettings(3, 32, OptimizerKind.SGD, 0.1, 0.0, null, null, null, 0,
                Normalization.NONE, 64, null, List.of(new LearningRateStep(1, 0.1), new LearningRateStep(3, 0.0)),
                null, null, null);
        String[] afterTwo = new String[2];
        for (int epochs = 2; epochs <= 3; epochs++) {
            TrainingSettings s = new TrainingSettings(epochs, 32, OptimizerKind.SGD, 0.1, 0.0, null, null, null, 0,
                    Normalization.NONE, 64, null, scheduled.learningRateSchedule(), null, null, null);
            try (CompiledNetwork network = network(new FakeBackend("fake"), s, 0)) {
                new Trainer(s, 0, TrainingListener.NONE, () -> false).run(network, TRAIN, TEST);
                afterTwo[epochs - 2] = WeightsDigest.sha256(network);
            }
        }
        assertEquals(afterTwo[0], afterTwo[1], "a learning rate of 0 in epoch 3 leaves the weights of epoch 2");
    }

    @Test
    void aRestoredRunEndsAsAnUninterruptedOne() {
        TrainingSettings s = new TrainingSettings(3, 32, OptimizerKind.ADAM, 0.01, null, 0.9, 0.999, 1e-8, 0,
                Normalization.NONE, 64, null);
        String straight;
        List<EpochResult> straightEpochs;
        try (CompiledNetwork network = network(new FakeBackend("fake"), s, 3)) {
            straightEpochs = new Trainer(s, 3, TrainingListener.NONE, () -> false).run(network, TRAIN, TEST).epochs();
            straight = WeightsDigest.sha256(network);
        }
        // run one epoch, keep its state in memory, and continue in a fresh network from there
        Saved saved = new Saved(1);
        try (CompiledNetwork network = network(new FakeBackend("fake"), s, 3)) {
            assertThrows(TrainingStoppedException.class, () -> new Trainer(s, 3, TrainingListener.NONE,
                    () -> saved.state != null, saved).run(network, TRAIN, TEST));
        }
        try (CompiledNetwork network = network(new FakeBackend("fake"), s, 99)) {
            TrainingRun resumed = new Trainer(s, 3, TrainingListener.NONE, () -> false, saved)
                    .run(network, TRAIN, TEST);
            assertEquals(straight, WeightsDigest.sha256(network));
            assertEquals(straightEpochs.get(2).testAccuracy(), resumed.epochs().get(2).testAccuracy());
            assertEquals(saved.state.epochs().get(0), resumed.epochs().get(0), "the saved epoch is kept as it was");
            assertEquals(straightEpochs.get(0).trainLoss(), resumed.epochs().get(0).trainLoss());
        }
    }

    /** Keeps the state after epoch {@code after} in memory and restores it. */
    private static final class Saved implements TrainingCheckpoints {
        private final int after;
        TrainingState state;
        double[][] parameters;
        List<double[]> optimizer;

        Saved(int after) {
            this.after = after;
        }

        @Override
        public void epochFinished(TrainingState state, CompiledNetwork network) {
            if (state.epochsDone() == after) {
                this.state = state;
                int count = network.plan().parameters().size();
                parameters = new double[count][];
                for (int i = 0; i < count; i++) {
                    parameters[i] = new double[Math.toIntExact(network.plan().parameters().get(i).shape().size())];
                    network.readParameter(i, parameters[i]);
                }
                optimizer = network.optimizerState();
            }
        }

        @Override
        public Optional<TrainingState> restore(CompiledNetwork network) {
            if (state == null) {
                return Optional.empty();
            }
            for (int i = 0; i < parameters.length; i++) {
                network.writeParameter(i, parameters[i]);
                double[] back = new double[parameters[i].length];
                network.readParameter(i, back);
                assertArrayEquals(parameters[i], back);
            }
            network.restoreOptimizerState(optimizer);
            return Optional.of(state);
        }
    }
}
