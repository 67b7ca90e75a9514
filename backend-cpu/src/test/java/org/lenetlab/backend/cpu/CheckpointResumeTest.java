package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.checkpoint.RunCheckpoints;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.run.CellSpec;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AugmentationSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.train.Augmentation;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Initialization;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingCheckpoints;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingSettings;
import org.lenetlab.train.TrainingStoppedException;

/**
 * A cell stopped mid-epoch and resumed from its last checkpoint ends with bit-identical weights, epoch metrics and
 * test predictions to an uninterrupted cell with the same seed, on the real CPU backend compiled as cells compile it,
 * for float32 and float64 cells (a float64 cell's checkpoint keeps its values in float64), with SGD, Adam and SDLM
 * (dropout included, so the per-step seeds must line up too).
 */
class CheckpointResumeTest {
    private static final int TRAIN = 200;
    private static final int BATCH = 16;
    private static final int BATCHES = 13;
    /** SDLM's curvature samples: two batches, so two polls of the stop request before every epoch's steps. */
    private static final int HESSIAN_SAMPLES = 2 * BATCH;
    private static final String SHA = "0".repeat(64);
    private static final Backend CPU = Fixtures.CPU;

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

    private static CellSpec cell(Precision precision, OptimizerKind kind, int epochs) {
        return cell(precision, kind, epochs, kind == OptimizerKind.SGD ? 0.05 : 0.01);
    }

    private static CellSpec cell(Precision precision, OptimizerKind kind, int epochs, double learningRate) {
        ModelSpec model = new ModelSpec(null, "small", null, new InputSpec(1, 8, 8), null, List.of(
                new ConvolutionSpec("conv1", 4, 3, null, null, null, null),
                new ActivationSpec("relu1", ActivationFunction.RELU),
                new MaxPoolingSpec("pool1", 2, null),
                new FlattenSpec("flat"),
                new DropoutSpec("drop", 0.25),
                new DenseSpec("fc1", 10, null, null)), null);
        boolean sgd = kind == OptimizerKind.SGD;
        boolean adam = kind == OptimizerKind.ADAM;
        boolean sdlm = kind == OptimizerKind.SDLM;
        TrainingSettings settings = new TrainingSettings(epochs, BATCH, kind, learningRate, sgd ? 0.9 : null,
                adam ? 0.9 : null, adam ? 0.999 : null, adam ? 1e-8 : null, 0.001, new Normalization(0.0, 1.0), 20,
                null, null, sdlm ? 0.1 : null, sdlm ? HESSIAN_SAMPLES : null, precision);
        return new CellSpec("small/cpu/optimizer=" + kind.jsonName() + "/precision=" + precision.jsonName()
                + "/seed=3", model, "cpu", 3, settings, new DatasetSpec("mnist", null));
    }

    /** A run and its network. */
    private record Trained(TrainingRun run, CompiledNetwork network) {
    }

    /** Trains {@code cell} as a cell executor does: compiled for its precision, initialised from its seed. */
    private static Trained train(CellSpec cell, TrainingCheckpoints checkpoints, BooleanSupplier stop) {
        ModelPlan plan = ModelPlanner.plan(cell.model(), 10);
        TrainingSettings settings = cell.settings();
        CompiledNetwork network = CPU.compile(plan,
                CompileOptions.training(settings.precision(), settings.optimizerPlan()));
        assertEquals(settings.precision(), network.precision());
        Initialization.initialize(network, cell.seed());
        Augmentation augmentation = settings.augmentation() == null ? null
                : new Augmentation(settings.augmentation(), 0f);
        TrainingRun run = new Trainer(settings, cell.seed(), TrainingListener.NONE, stop, checkpoints, augmentation)
                .run(network, TRAIN_SET, TEST_SET);
        return new Trained(run, network);
    }

    /** Stops when polled for the {@code n}th time (the trainer polls once before every batch and curvature batch). */
    private static BooleanSupplier stopAtPoll(int n) {
        AtomicInteger polls = new AtomicInteger();
        return () -> polls.incrementAndGet() >= n;
    }

    private static List<double[]> values(CompiledNetwork network) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < network.plan().parameters().size(); i++) {
            double[] v = new double[Math.toIntExact(network.plan().parameters().get(i).shape().size())];
            network.readParameter(i, v);
            out.add(v);
        }
        return out;
    }

    private static void assertSameTraining(Trained expected, Trained actual) {
        List<double[]> a = values(expected.network());
        List<double[]> b = values(actual.network());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i); // without a delta: bit for bit
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
        int sdlmPolls = HESSIAN_SAMPLES / BATCH + BATCHES; // per epoch
        return Stream.of(
                Arguments.of(Precision.FLOAT32, OptimizerKind.SGD, 1, BATCHES + 5, 1),
                Arguments.of(Precision.FLOAT32, OptimizerKind.ADAM, 1, BATCHES + 5, 1),
                Arguments.of(Precision.FLOAT32, OptimizerKind.ADAM, 2, 2 * BATCHES + 13, 2),
                Arguments.of(Precision.FLOAT32, OptimizerKind.SGD, 2, BATCHES + 1, 0),
                Arguments.of(Precision.FLOAT32, OptimizerKind.ADAM, 1, 4, 0),
                Arguments.of(Precision.FLOAT32, OptimizerKind.SDLM, 1, sdlmPolls + 5, 1),
                Arguments.of(Precision.FLOAT64, OptimizerKind.SGD, 1, BATCHES + 5, 1),
                Arguments.of(Precision.FLOAT64, OptimizerKind.ADAM, 2, 2 * BATCHES + 13, 2),
                Arguments.of(Precision.FLOAT64, OptimizerKind.SDLM, 1, sdlmPolls + 1, 1),
                Arguments.of(Precision.FLOAT64, OptimizerKind.SDLM, 1, 2 * sdlmPolls + 2, 2));
    }

    @ParameterizedTest(name = "{0} {1}, every {2} epochs, stopped at poll {3}")
    @MethodSource("stops")
    void aResumedCellEndsBitIdenticalToAnUninterruptedOne(Precision precision, OptimizerKind kind, int every,
                                                          int stopAt, int epochsSaved) throws IOException {
        CellSpec cell = cell(precision, kind, 3);
        Trained reference = train(cell, TrainingCheckpoints.NONE, () -> false);
        assertTrue(reference.run().epochs().get(2).trainLoss() < reference.run().epochs().get(0).trainLoss(),
                "the cell learns");

        List<String> notes = new ArrayList<>();
        RunCheckpoints first = new RunCheckpoints(dir, every, SHA, false, notes::add);
        assertThrows(TrainingStoppedException.class, () -> train(cell, first.forCell(cell), stopAtPoll(stopAt)));
        Path file = CheckpointFiles.of(dir, cell.id());
        assertEquals(epochsSaved > 0, Files.exists(file));
        if (epochsSaved > 0) {
            Checkpoint saved = Checkpoint.read(file);
            assertEquals(epochsSaved, saved.state().epochsDone());
            assertEquals((long) epochsSaved * BATCHES, saved.state().step());
            assertEquals(cell, saved.cell());
            assertEquals(SHA, saved.metadata().specSha256());
            assertTrue(saved.metadata().optimizerState());
            assertEquals(cell.settings().optimizerPlan().stateArrays(4), saved.optimizerState().size(),
                    "the state of the 4 trainable parameters");
            assertStoredIn(precision, file, saved);
        }

        RunCheckpoints resumed = new RunCheckpoints(dir, every, SHA, true, notes::add);
        Trained again = train(cell, resumed.forCell(cell), () -> false);
        assertSameTraining(reference, again);
        assertEquals(epochsSaved > 0
                ? List.of("cell " + cell.id() + ": continuing from its checkpoint after epoch " + epochsSaved + " of 3")
                : List.of(), notes);

        // the final checkpoint holds the final weights, exactly
        Checkpoint last = Checkpoint.read(file);
        assertEquals(3, last.state().epochsDone());
        assertStoredIn(precision, file, last);
        List<double[]> finalValues = values(reference.network());
        List<String> names = names(reference.network().plan());
        for (int i = 0; i < finalValues.size(); i++) {
            assertArrayEquals(finalValues.get(i), last.tensor(names.get(i)), "saved parameter " + names.get(i));
        }
    }

    /**
     * Every tensor of the checkpoint is stored in the cell's precision: float64 cells as raw float64 ({@code .f64},
     * {@code "type": "float64"}), float32 cells as raw float32 ({@code .f32}, no type); and a float64 cell's values
     * are not all float32-representable, so nothing was rounded on the way.
     */
    private static void assertStoredIn(Precision precision, Path file, Checkpoint checkpoint) throws IOException {
        boolean wide = precision == Precision.FLOAT64;
        boolean anyBeyondFloat32 = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Checkpoint.TensorInfo t : checkpoint.metadata().tensors()) {
                assertEquals(wide ? Checkpoint.FLOAT64 : null, t.type(), t.name());
                assertTrue(t.entry().endsWith(wide ? ".f64" : ".f32"), t.entry());
                ZipEntry entry = zip.getEntry(t.entry());
                long size = t.shape().stream().mapToLong(Integer::longValue).reduce(1, (x, y) -> x * y);
                assertEquals(size * (wide ? Double.BYTES : Float.BYTES), entry.getSize(), t.entry());
                for (double v : checkpoint.tensor(t.name())) {
                    anyBeyondFloat32 |= v != (float) v;
                }
            }
        }
        assertEquals(wide, anyBeyondFloat32, "values beyond float32");
    }

    private static List<String> names(ModelPlan plan) {
        List<String> names = new ArrayList<>();
        plan.layers().forEach(layer -> layer.parameters().forEach(p -> names.add(layer.name() + "." + p.name())));
        return names;
    }

    /**
     * With on-the-fly distortions the resumed cell is still bit-identical: each image's distortion depends on the
     * seed, the epoch and its index only. The distortions do change the training (else the test proves nothing).
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void aResumedCellWithAugmentationEndsBitIdentical(Precision precision) throws IOException {
        CellSpec plain = cell(precision, OptimizerKind.ADAM, 3);
        TrainingSettings p = plain.settings();
        AugmentationSpec distortions = new AugmentationSpec("test", 0.9, 1.0, 0.1, 0.1, 0.2, 5.0,
                new AugmentationSpec.ElasticSpec(1.0, 2.0));
        TrainingSettings settings = new TrainingSettings(p.epochs(), p.batchSize(), p.optimizer(), p.learningRate(),
                p.momentum(), p.beta1(), p.beta2(), p.epsilon(), p.weightDecay(), p.normalization(),
                p.evaluationBatchSize(), p.trainLimit(), null, null, null, precision, distortions);
        CellSpec cell = new CellSpec(plain.id() + "/augmented", plain.model(), "cpu", plain.seed(), settings,
                plain.dataset());
        Trained reference = train(cell, TrainingCheckpoints.NONE, () -> false);
        Trained undistorted = train(plain, TrainingCheckpoints.NONE, () -> false);
        assertNotEquals(reference.run().epochs().get(0).trainLoss(), undistorted.run().epochs().get(0).trainLoss(),
                "the distortions change what is trained on");

        RunCheckpoints first = new RunCheckpoints(dir, 1, SHA, false, s -> { });
        assertThrows(TrainingStoppedException.class, () -> train(cell, first.forCell(cell), stopAtPoll(BATCHES + 5)));
        RunCheckpoints resumed = new RunCheckpoints(dir, 1, SHA, true, s -> { });
        assertSameTraining(reference, train(cell, resumed.forCell(cell), () -> false));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aCellRestoredAfterItsLastEpochOnlyEvaluates(Precision precision) {
        CellSpec cell = cell(precision, OptimizerKind.ADAM, 2);
        List<String> notes = new ArrayList<>();
        Trained reference = train(cell, new RunCheckpoints(dir, 0, SHA, false, notes::add).forCell(cell),
                () -> false);
        assertEquals(List.of(), notes);
        assertEquals(2, Checkpoint.read(CheckpointFiles.of(dir, cell.id())).state().epochsDone());
        AtomicInteger polls = new AtomicInteger();
        Trained restored = train(cell, new RunCheckpoints(dir, 0, SHA, true, notes::add).forCell(cell),
                () -> polls.incrementAndGet() < 0);
        assertEquals(0, polls.get(), "no training step may run");
        assertSameTraining(reference, restored);
        assertEquals(List.of("cell " + cell.id() + ": continuing from its checkpoint after epoch 2 of 2"), notes);
    }

    @Test
    void checkpointsOfAnotherSpecOrCellOrCorruptOnesAreIgnoredWithANote() throws IOException {
        CellSpec cell = cell(Precision.FLOAT32, OptimizerKind.SGD, 2);
        Trained reference = train(cell, TrainingCheckpoints.NONE, () -> false);
        List<String> notes = new ArrayList<>();
        train(cell, new RunCheckpoints(dir, 1, "1".repeat(64), false, notes::add).forCell(cell), () -> false);
        Path file = CheckpointFiles.of(dir, cell.id());

        // another spec
        Trained t = train(cell, new RunCheckpoints(dir, 1, SHA, true, notes::add).forCell(cell), () -> false);
        assertSameTraining(reference, t);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).matches(
                "cell .*: ignoring its checkpoint \\(.* was written for another experiment spec\\); "
                        + "the cell starts over"),
                notes.get(0));

        // another cell under the same file name (a different learning rate)
        CellSpec other = new CellSpec(cell.id(), cell.model(), cell.backend(), cell.seed(),
                cell(Precision.FLOAT32, OptimizerKind.SGD, 2, 0.02).settings(), cell.dataset());
        assertNotEquals(cell, other);
        train(other, new RunCheckpoints(dir, 1, SHA, false, notes::add).forCell(other), () -> false);
        notes.clear();
        t = train(cell, new RunCheckpoints(dir, 1, SHA, true, notes::add).forCell(cell), () -> false);
        assertSameTraining(reference, t);
        assertTrue(notes.get(0).contains("was written for another definition of this cell"), notes.get(0));

        // a truncated file
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        notes.clear();
        t = train(cell, new RunCheckpoints(dir, 1, SHA, true, notes::add).forCell(cell), () -> false);
        assertSameTraining(reference, t);
        assertTrue(notes.get(0).contains("not a LeNet Lab checkpoint"), notes.get(0));
    }

    @Test
    void aFloat32CheckpointLoadsIntoAFloat64NetworkAndBack() {
        CellSpec cell = cell(Precision.FLOAT32, OptimizerKind.SGD, 1);
        Trained trained = train(cell, new RunCheckpoints(dir, 1, SHA, false, note -> { }).forCell(cell), () -> false);
        Checkpoint saved = Checkpoint.read(CheckpointFiles.of(dir, cell.id()));
        ModelPlan plan = trained.network().plan();
        try (CompiledNetwork wide = CPU.compile(plan, CompileOptions.inference(Precision.FLOAT64))) {
            saved.loadInto(wide);
            List<double[]> expected = values(trained.network());
            List<double[]> actual = values(wide);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "float32 values are exact in float64");
            }
            assertThrows(IllegalStateException.class, wide::optimizerState, "an inference network has no optimizer");
        }
    }
}
