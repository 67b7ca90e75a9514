package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.ImageBatches;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.LossKernel;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Tensor;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.checkpoint.RunCheckpoints;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ModelPlanner;
import org.lenetlab.plan.Shape;
import org.lenetlab.run.CellSpec;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Network;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingCheckpoints;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingStoppedException;
import org.lenetlab.train.TrainingSettings;

/**
 * A run stopped mid-epoch and resumed from its last checkpoint ends with bit-identical weights, epoch metrics and
 * test predictions to an uninterrupted run with the same seed, on the float32 CPU backend (dropout included, so
 * the per-step seeds must line up too).
 */
class CheckpointResumeTest {
    private static final int TRAIN = 200;
    private static final int BATCH = 16;
    private static final int BATCHES = 13;
    private static final String SHA = "0".repeat(64);

    private static final Examples TRAIN_SET = examples(TRAIN, 1);
    private static final Examples TEST_SET = examples(50, 2);

    @TempDir
    Path dir;

    private static Examples examples(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[count * 64];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(10);
            for (int p = 0; p < 64; p++) {
                // a faint label-dependent stripe over noise, so that training has something to learn
                images[i * 64 + p] = (float) (random.nextDouble() * 0.5 + (p % 8 == labels[i] % 8 ? 0.5 : 0));
            }
        }
        return new Examples(images, labels, count, Shape.of(1, 8, 8));
    }

    private static CellSpec cell(OptimizerKind kind, int epochs) {
        ModelSpec model = new ModelSpec(null, "small", null, new InputSpec(1, 8, 8), null, List.of(
                new ConvolutionSpec("conv1", 4, 3, null, null, null, null),
                new ActivationSpec("relu1", ActivationFunction.RELU),
                new MaxPoolingSpec("pool1", 2, null),
                new FlattenSpec("flat"),
                new DropoutSpec("drop", 0.25),
                new DenseSpec("fc1", 10, null, null)), null);
        boolean sgd = kind == OptimizerKind.SGD;
        TrainingSettings settings = new TrainingSettings(epochs, BATCH, kind, sgd ? 0.05 : 0.01, sgd ? 0.9 : null,
                sgd ? null : 0.9, sgd ? null : 0.999, sgd ? null : 1e-8, 0.001, new Normalization(0.0, 1.0), 20, null);
        return new CellSpec("small/cpu/optimizer=" + kind.jsonName() + "/seed=3", model, "cpu", 3, settings,
                new DatasetSpec("mnist", null));
    }

    /** A run and its network. */
    private record Trained(TrainingRun run, Network network) {
    }

    private static Trained train(CellSpec cell, Backend backend, TrainingCheckpoints checkpoints, BooleanSupplier stop) {
        ModelPlan plan = ModelPlanner.plan(cell.model(), 10);
        Network network = Network.create(plan, backend, cell.seed());
        TrainingRun run = new Trainer(cell.settings(), cell.seed(), TrainingListener.NONE, stop, checkpoints)
                .run(network, TRAIN_SET, TEST_SET);
        return new Trained(run, network);
    }

    /** Stops when polled for the {@code n}th time (the trainer polls once before every batch). */
    private static BooleanSupplier stopAtPoll(int n) {
        AtomicInteger polls = new AtomicInteger();
        return () -> polls.incrementAndGet() >= n;
    }

    private static List<float[]> values(Network network) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            float[] v = new float[Math.toIntExact(p.value().shape().size())];
            p.value().read(v, 0);
            out.add(v);
        }
        return out;
    }

    private static void assertSameTraining(Trained expected, Trained actual) {
        List<float[]> a = values(expected.network());
        List<float[]> b = values(actual.network());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i); // float[] without a delta: bit for bit
        }
        assertEquals(expected.run().epochs().size(), actual.run().epochs().size());
        for (int e = 0; e < expected.run().epochs().size(); e++) {
            EpochResult x = expected.run().epochs().get(e);
            EpochResult y = actual.run().epochs().get(e);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.trainLoss(), y.trainLoss(), 0.0, "train loss of epoch " + x.epoch());
            assertEquals(x.trainAccuracy(), y.trainAccuracy(), 0.0);
            assertEquals(x.testLoss(), y.testLoss(), 0.0, "test loss of epoch " + x.epoch());
            assertEquals(x.testAccuracy(), y.testAccuracy(), 0.0);
        }
        assertArrayEquals(expected.run().testPredictions(), actual.run().testPredictions());
    }

    static Stream<Arguments> stops() {
        return Stream.of(
                Arguments.of(OptimizerKind.SGD, 1, BATCHES + 5, 1),
                Arguments.of(OptimizerKind.ADAM, 1, BATCHES + 5, 1),
                Arguments.of(OptimizerKind.ADAM, 2, 2 * BATCHES + 13, 2),
                Arguments.of(OptimizerKind.SGD, 2, BATCHES + 1, 0),
                Arguments.of(OptimizerKind.ADAM, 1, 4, 0));
    }

    @ParameterizedTest(name = "{0}, every {1} epochs, stopped at poll {2}")
    @MethodSource("stops")
    void aResumedRunEndsBitIdenticalToAnUninterruptedOne(OptimizerKind kind, int every, int stopAt, int epochsSaved) {
        CellSpec cell = cell(kind, 3);
        Trained reference = train(cell, Fixtures.FLOAT, TrainingCheckpoints.NONE, () -> false);

        List<String> notes = new ArrayList<>();
        RunCheckpoints first = new RunCheckpoints(dir, every, SHA, false, notes::add);
        assertThrows(TrainingStoppedException.class, () -> train(cell, Fixtures.FLOAT, first.forCell(cell), stopAtPoll(stopAt)));
        Path file = CheckpointFiles.of(dir, cell.id());
        assertEquals(epochsSaved > 0, Files.exists(file));
        if (epochsSaved > 0) {
            Checkpoint saved = Checkpoint.read(file);
            assertEquals(epochsSaved, saved.state().epochsDone());
            assertEquals((long) epochsSaved * BATCHES, saved.state().step());
            assertEquals(cell, saved.cell());
            assertEquals(SHA, saved.metadata().specSha256());
            assertTrue(saved.metadata().optimizerState());
        }

        RunCheckpoints resumed = new RunCheckpoints(dir, every, SHA, true, notes::add);
        Trained again = train(cell, Fixtures.FLOAT, resumed.forCell(cell), () -> false);
        assertSameTraining(reference, again);
        assertEquals(epochsSaved > 0
                ? List.of("cell " + cell.id() + ": continuing from its checkpoint after epoch " + epochsSaved + " of 3")
                : List.of(), notes);

        // the final checkpoint holds the final weights
        Checkpoint last = Checkpoint.read(file);
        assertEquals(3, last.state().epochsDone());
        List<float[]> finalValues = values(reference.network());
        for (int i = 0; i < finalValues.size(); i++) {
            Parameter p = again.network().parameters().get(i);
            assertArrayEquals(finalValues.get(i), last.tensor(nameOf(again.network(), i)), "saved parameter " + i);
            assertEquals(p.plan().shape().size(), finalValues.get(i).length);
        }
    }

    private static String nameOf(Network network, int index) {
        int i = 0;
        for (LayerPlan layer : network.plan().layers()) {
            for (var p : layer.parameters()) {
                if (i++ == index) {
                    return layer.name() + "." + p.name();
                }
            }
        }
        throw new IllegalArgumentException("no parameter " + index);
    }

    @Test
    void aCellRestoredAfterItsLastEpochOnlyEvaluates() {
        CellSpec cell = cell(OptimizerKind.ADAM, 2);
        List<String> notes = new ArrayList<>();
        Trained reference = train(cell, Fixtures.FLOAT, new RunCheckpoints(dir, 0, SHA, false, notes::add).forCell(cell),
                () -> false);
        assertEquals(List.of(), notes);
        assertEquals(2, Checkpoint.read(CheckpointFiles.of(dir, cell.id())).state().epochsDone());
        AtomicInteger polls = new AtomicInteger();
        Trained restored = train(cell, Fixtures.FLOAT, new RunCheckpoints(dir, 0, SHA, true, notes::add).forCell(cell),
                () -> polls.incrementAndGet() < 0);
        assertEquals(0, polls.get(), "no training step may run");
        assertSameTraining(reference, restored);
        assertEquals(List.of("cell " + cell.id() + ": continuing from its checkpoint after epoch 2 of 2"), notes);
    }

    @Test
    void checkpointsOfAnotherSpecOrCellOrCorruptOnesAreIgnoredWithANote() throws IOException {
        CellSpec cell = cell(OptimizerKind.SGD, 2);
        Trained reference = train(cell, Fixtures.FLOAT, TrainingCheckpoints.NONE, () -> false);
        List<String> notes = new ArrayList<>();
        train(cell, Fixtures.FLOAT, new RunCheckpoints(dir, 1, "1".repeat(64), false, notes::add).forCell(cell), () -> false);
        Path file = CheckpointFiles.of(dir, cell.id());

        // another spec
        Trained t = train(cell, Fixtures.FLOAT, new RunCheckpoints(dir, 1, SHA, true, notes::add).forCell(cell), () -> false);
        assertSameTraining(reference, t);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).matches("cell .*: ignoring its checkpoint \\(.* was written for another experiment spec\\); "
                + "the cell starts over"), notes.get(0));

        // another cell under the same file name (a different learning rate)
        CellSpec other = new CellSpec(cell.id(), cell.model(), cell.backend(), cell.seed(),
                new TrainingSettings(2, BATCH, OptimizerKind.SGD, 0.02, 0.9, null, null, null, 0.001,
                        new Normalization(0.0, 1.0), 20, null), cell.dataset());
        train(other, Fixtures.FLOAT, new RunCheckpoints(dir, 1, SHA, false, notes::add).forCell(other), () -> false);
        notes.clear();
        t = train(cell, Fixtures.FLOAT, new RunCheckpoints(dir, 1, SHA, true, notes::add).forCell(cell), () -> false);
        assertSameTraining(reference, t);
        assertTrue(notes.get(0).contains("was written for another definition of this cell"), notes.get(0));

        // a truncated file
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        notes.clear();
        t = train(cell, Fixtures.FLOAT, new RunCheckpoints(dir, 1, SHA, true, notes::add).forCell(cell), () -> false);
        assertSameTraining(reference, t);
        assertTrue(notes.get(0).contains("not a LeNet Lab checkpoint"), notes.get(0));
    }

    @Test
    void anOptimizerWithoutStateSupportSkipsPeriodicCheckpointsButSavesTheFinalModel() {
        CellSpec cell = cell(OptimizerKind.ADAM, 2);
        Backend stateless = new StatelessUpdaters(Fixtures.FLOAT);
        Trained reference = train(cell, Fixtures.FLOAT, TrainingCheckpoints.NONE, () -> false);
        List<String> notes = new ArrayList<>();
        Trained t = train(cell, stateless, new RunCheckpoints(dir, 1, SHA, false, notes::add).forCell(cell), () -> false);
        assertSameTraining(reference, t);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).endsWith("no checkpoints before its last epoch: the Stateless optimizer cannot save its state"),
                notes.get(0));
        Checkpoint last = Checkpoint.read(CheckpointFiles.of(dir, cell.id()));
        assertEquals(2, last.state().epochsDone());
        assertFalse(last.metadata().optimizerState());
        assertEquals(null, last.optimizerState());
    }

    @Test
    void updaterStateRestoresExactlyAndRejectsWrongLengths() {
        for (OptimizerKind kind : List.of(OptimizerKind.SGD, OptimizerKind.ADAM)) {
            CellSpec cell = cell(kind, 1);
            ModelPlan plan = ModelPlanner.plan(cell.model(), 10);
            Network a = Network.create(plan, Fixtures.FLOAT, 1);
            ParameterUpdater updater = Fixtures.FLOAT.updater(cell.settings().optimizerConfig(), a.parameters());
            for (Parameter p : a.parameters()) {
                Fixtures.fillUniform(p.gradient(), new java.util.Random(p.plan().shape().size()), 0.1);
            }
            updater.update(1);
            updater.update(2);
            List<float[]> state = updater.state();
            assertEquals(kind == OptimizerKind.ADAM ? 8 : 4, state.size());
            ParameterUpdater fresh = Fixtures.FLOAT.updater(cell.settings().optimizerConfig(), a.parameters());
            fresh.restore(state);
            List<float[]> back = fresh.state();
            for (int i = 0; i < state.size(); i++) {
                assertArrayEquals(state.get(i), back.get(i));
            }
            List<float[]> wrong = new ArrayList<>(state);
            wrong.set(1, new float[state.get(1).length + 1]);
            assertThrows(IllegalArgumentException.class, () -> fresh.restore(wrong));
            assertThrows(IllegalArgumentException.class, () -> fresh.restore(state.subList(1, state.size())));
            assertArrayEquals(state.get(0), fresh.state().get(0), "a refused restore changes nothing");
        }
        ParameterUpdater plainSgd = Fixtures.FLOAT.updater(
                new OptimizerConfig(OptimizerKind.SGD, 0.1, 0, 0, 0, 0, 0), List.of());
        assertEquals(List.of(), plainSgd.state());
        // SDLM re-estimates its curvature before every epoch: nothing to carry across an epoch boundary
        CellSpec sdlm = cell(OptimizerKind.SDLM, 1);
        Network n = Network.create(ModelPlanner.plan(sdlm.model(), 10), Fixtures.FLOAT, 1);
        ParameterUpdater sdlmUpdater = Fixtures.FLOAT.updater(sdlm.settings().optimizerConfig(), n.parameters());
        assertEquals(List.of(), sdlmUpdater.state());
        assertThrows(IllegalArgumentException.class, () -> sdlmUpdater.restore(List.of(new float[1])));
    }

    /** The CPU backend with an updater that does not support saving its state (as a third-party one might). */
    private static final class StatelessUpdaters implements Backend {
        private final Backend delegate;

        StatelessUpdaters(Backend delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String device() {
            return delegate.device();
        }

        @Override
        public Tensor allocate(Shape shape) {
            return delegate.allocate(shape);
        }

        @Override
        public LayerKernel layer(LayerPlan layer) {
            return delegate.layer(layer);
        }

        @Override
        public LossKernel loss(ModelPlan model) {
            return delegate.loss(model);
        }

        @Override
        public ParameterUpdater updater(OptimizerConfig config, List<Parameter> parameters) {
            ParameterUpdater inner = delegate.updater(config, parameters);
            return new Stateless(inner);
        }

        @Override
        public ImageBatches images(float[] images, Shape imageShape) {
            return delegate.images(images, imageShape);
        }
    }

    private static final class Stateless implements ParameterUpdater {
        private final ParameterUpdater inner;

        Stateless(ParameterUpdater inner) {
            this.inner = inner;
        }

        @Override
        public void update(long step) {
            inner.update(step);
        }

        @Override
        public void setLearningRate(double learningRate) {
            inner.setLearningRate(learningRate);
        }
    }
}
