package org.lenetlab.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.io.HeapBudget;
import org.lenetlab.plan.Precision;
import org.lenetlab.run.Cell;
import org.lenetlab.run.CellSpec;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.PreprocessingSpec;
import org.lenetlab.testing.FakeBackend;
import org.lenetlab.testing.ZipFixtures;
import org.lenetlab.train.Initialization;
import org.lenetlab.train.TrainingSettings;
import org.lenetlab.train.TrainingState;

/** Checkpoints of models with preprocessing, in both precisions, and as earlier builds wrote them. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static final ModelSpec PADDED = new ModelSpec(null, "padded", null, new InputSpec(1, 32, 32), null,
            List.of(new FlattenSpec(null), new DenseSpec(null, 10, null, null)), null,
            new PreprocessingSpec(2, -0.1, 1.175));

    private static CellSpec cell(Precision precision) {
        TrainingSettings settings = new TrainingSettings(1, 8, OptimizerKind.ADAM, 0.01, null,
                0.9, 0.999, 1e-8, 0, Normalization.NONE, 100, null, null, null, null, precision);
        return new CellSpec("padded/fake/seed=0", PADDED, "fake", 0, settings, DatasetSpec.MNIST);
    }

    @Test
    void aModelWithPreprocessingRoundTripsInBothPrecisions() throws IOException {
        for (Precision precision : Precision.values()) {
            CellSpec spec = cell(precision);
            Cell cell = Cell.of(spec);
            try (CompiledNetwork network = new FakeBackend("fake").compile(cell.plan(),
                    CompileOptions.training(precision, spec.settings().optimizerPlan()))) {
                Initialization.initialize(network, 7);
                network.writeParameter(1, new double[] {0.1 + 1e-12, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                Path file = dir.resolve(precision.jsonName() + ".ckpt");
                Checkpoint.capture("sha", spec, TrainingState.START, network, "fake").write(file);
                Checkpoint back = Checkpoint.read(file);
                assertEquals(spec, back.cell());
                double[] bias = back.tensor("dense2.bias");
                assertEquals(precision == Precision.FLOAT64 ? 0.1 + 1e-12 : (float) (0.1 + 1e-12), bias[0],
                        "float64 cells keep float64 values");
                assertEquals(precision == Precision.FLOAT64 ? ".f64" : ".f32",
                        back.metadata().tensors().get(0).entry().substring(back.metadata().tensors().get(0).entry()
                                .lastIndexOf('.')));
                try (CompiledNetwork other = new FakeBackend("fake").compile(cell.plan(),
                        CompileOptions.training(precision, spec.settings().optimizerPlan()))) {
                    back.loadInto(other);
                    double[] a = new double[10];
                    double[] b = new double[10];
                    network.readParameter(1, a);
                    other.readParameter(1, b);
                    assertArrayEquals(a, b);
                }
            }
        }
    }

    @Test
    void readsCheckpointsWhosePreprocessingCarriesTheOldIdentityField() throws IOException {
        CellSpec spec = cell(Precision.FLOAT32);
        Path file = dir.resolve("new.ckpt");
        try (CompiledNetwork network = new FakeBackend("fake").compile(Cell.of(spec).plan(),
                CompileOptions.training(Precision.FLOAT32, spec.settings().optimizerPlan()))) {
            Checkpoint.capture("sha", spec, TrainingState.START, network, "fake").write(file);
        }
        // as earlier builds wrote it: "identity": false inside the preprocessing spec
        Path old = dir.resolve("old.ckpt");
        try (ZipFile in = new ZipFile(file.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(old))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(Checkpoint.METADATA_ENTRY)) {
                    String json = new String(bytes, StandardCharsets.UTF_8);
                    String edited = json.replace("\"foreground\" : 1.175", "\"foreground\" : 1.175,\n \"identity\" : false");
                    assertEquals(false, edited.equals(json), "the fixture must contain the old field");
                    bytes = edited.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        assertEquals(spec, Checkpoint.read(old).cell());
    }

    @Test
    void anEntryIsInflatedOnlyUpToWhatCheckpointJsonImplies() throws IOException {
        Path good = written(dir.resolve("good.ckpt"));
        // dense2.bias has shape [10]: 40 bytes of float32
        Path bomb = ZipFixtures.withEntry(good, dir.resolve("bomb.ckpt"), "tensors/1.f32", old -> new byte[1 << 20]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(bomb));
        assertEquals(bomb + ": entry tensors/1.f32 declares 1048576 bytes, more than the 40 bytes that checkpoint.json"
                + " implies for tensor dense2.bias of shape [10]", e.getMessage());

        Path lie = ZipFixtures.lyingAboutSize(ZipFixtures.withEntry(good, dir.resolve("lie.ckpt"), "tensors/1.f32",
                old -> new byte[1 << 20]), "tensors/1.f32", 40);
        e = assertThrows(CheckpointException.class, () -> Checkpoint.read(lie));
        assertEquals(lie + ": entry tensors/1.f32 inflates to more than the 40 bytes that checkpoint.json implies for"
                + " tensor dense2.bias of shape [10]", e.getMessage());

        Path metadata = ZipFixtures.lyingAboutSize(ZipFixtures.withEntry(good, dir.resolve("metadata.ckpt"),
                Checkpoint.METADATA_ENTRY, old -> Arrays.copyOf(old, 17 << 20)), Checkpoint.METADATA_ENTRY, 1000);
        e = assertThrows(CheckpointException.class, () -> Checkpoint.read(metadata));
        assertEquals(metadata + ": entry checkpoint.json inflates to more than 16 MiB (16,777,216 bytes), the most a"
                + " checkpoint's checkpoint.json may have", e.getMessage());
    }

    @Test
    void tensorsDeclaredBeyondTheHeapAreRefusedBeforeAnyIsRead() throws IOException {
        Path good = written(dir.resolve("good.ckpt"));
        ObjectMapper mapper = new ObjectMapper();
        long each = 250_000_000L; // 2 GB as double[]; enough of them exceed any heap this runs in
        int count = (int) (HeapBudget.bytes() / (each * Double.BYTES)) + 1;
        Path huge = ZipFixtures.withEntry(good, dir.resolve("huge.ckpt"), Checkpoint.METADATA_ENTRY, old -> {
            try {
                ObjectNode meta = (ObjectNode) mapper.readTree(old);
                ArrayNode tensors = meta.putArray("tensors");
                for (int i = 0; i < count; i++) {
                    tensors.addObject().put("name", "optimizer." + i).put("role", Checkpoint.OPTIMIZER)
                            .put("entry", "tensors/" + i + ".f32").putArray("shape").add(each);
                }
                return mapper.writeValueAsBytes(meta);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(huge));
        assertTrue(e.getMessage().startsWith(String.format(Locale.ROOT, "%s: holding the %,d tensor values its"
                + " checkpoint.json declares needs about ", huge, count * each)), e.getMessage());
    }

    @Test
    void aCheckpointThatIsNotARegularFileIsRefusedBeforeOpening() throws IOException {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().startsWith(dir + ": is a directory, not a regular file; a checkpoint must be a"
                + " regular file (or a symlink to one) of at most 2 GiB"), e.getMessage());
    }

    private static Path written(Path file) throws IOException {
        CellSpec spec = cell(Precision.FLOAT32);
        try (CompiledNetwork network = new FakeBackend("fake").compile(Cell.of(spec).plan(),
                CompileOptions.training(Precision.FLOAT32, spec.settings().optimizerPlan()))) {
            Initialization.initialize(network, 7);
            Checkpoint.capture("sha", spec, TrainingState.START, network, "fake").write(file);
        }
        return file;
    }
}
