package org.lenetlab.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.io.HeapBudget;
import org.lenetlab.io.InputFileException;
import org.lenetlab.io.InputFiles;
import org.lenetlab.io.InputKind;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.CellSpec;
import org.lenetlab.spec.StoredSpecs;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.TrainingState;

/**
 * A cell's training state at an epoch boundary: its parameters, its optimizer's state and its progress.
 *
 * <p>The file is a ZIP archive with
 * <ul>
 *   <li>{@code checkpoint.json}: {@code format} ({@value #FORMAT}), {@code formatVersion} ({@value #FORMAT_VERSION}),
 *       {@code lenetVersion}, {@code createdAt}, {@code specSha256} (of the run's resolved spec), {@code cell} (the
 *       whole {@link CellSpec}), {@code backend} and {@code device}, {@code epochsDone}, {@code step} (update steps
 *       taken), {@code epochs} (the finished epochs' results), {@code optimizerState} (whether the optimizer's state
 *       is included) and {@code tensors}, an index of {@code {name, role, shape, entry}};</li>
 *   <li>one entry per tensor ({@code tensors/<i>.f32}): its values as raw little-endian float32, row-major; a
 *       float64 cell's tensors are {@code tensors/<i>.f64}, raw little-endian float64, with {@code "type":
 *       "float64"} in the index.</li>
 * </ul>
 * Parameters are named {@code <layer>.<weight|bias>} with role {@code parameter} and the layouts of
 * {@link ParameterPlan}; the optimizer's arrays ({@link CompiledNetwork#optimizerState()}, in the layout
 * {@link org.lenetlab.plan.OptimizerPlan} documents) are named {@code optimizer.<i>} with role {@code optimizer} and a
 * one-dimensional shape.
 */
public final class Checkpoint {
    /** The value of {@code format}. */
    public static final String FORMAT = "lenet-lab-checkpoint";
    /** The format version this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The name of the metadata entry. */
    public static final String METADATA_ENTRY = "checkpoint.json";
    /** The role of a model parameter. */
    public static final String PARAMETER = "parameter";
    /** The role of an optimizer state array. */
    public static final String OPTIMIZER = "optimizer";
    /** The {@code type} of a tensor stored as float64. */
    public static final String FLOAT64 = "float64";

    /** Reads checkpoints of earlier builds too, whose cells carry a derived preprocessing field. */
    private static final ObjectMapper MAPPER = StoredSpecs.tolerant(JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build());

    private final Metadata metadata;
    private final Map<String, double[]> tensors;

    private Checkpoint(Metadata metadata, Map<String, double[]> tensors) {
        this.metadata = metadata;
        this.tensors = tensors;
    }

    /**
     * One tensor in the index.
     *
     * @param name  e.g. {@code conv1.weight} or {@code optimizer.0}
     * @param role  {@value #PARAMETER} or {@value #OPTIMIZER}
     * @param shape its dimensions
     * @param entry the ZIP entry holding its values
     * @param type  {@value #FLOAT64} for raw little-endian float64 values (a float64 cell's checkpoint); absent for
     *              float32, the type of every checkpoint written before it existed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TensorInfo(String name, String role, List<Integer> shape, String entry, String type) {
        /** Whether the values are stored as float64. */
        boolean isFloat64() {
            return FLOAT64.equals(type);
        }

        /** Bytes of one stored value. */
        int bytesPerValue() {
            return isFloat64() ? Double.BYTES : Float.BYTES;
        }

        long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * The contents of {@code checkpoint.json}.
     *
     * @param format         {@value #FORMAT}
     * @param formatVersion  the format's version
     * @param lenetVersion   the LeNet Lab version that wrote it
     * @param createdAt      ISO-8601 instant it was written
     * @param specSha256     SHA-256 of the run's resolved experiment spec
     * @param cell           the cell, whole
     * @param backend        the backend's name
     * @param device         the backend's device description (library versions included)
     * @param epochsDone     finished epochs
     * @param step           update steps taken
     * @param epochs         the finished epochs' results
     * @param optimizerState whether the optimizer's state is included (without it only a finished cell can be
     *                       resumed, and only for prediction or its final evaluation)
     * @param tensors        the index of the tensor entries
     */
    public record Metadata(String format, int formatVersion, String lenetVersion, String createdAt, String specSha256,
                           CellSpec cell, String backend, String device, int epochsDone, long step,
                           List<EpochResult> epochs, boolean optimizerState, List<TensorInfo> tensors) {
    }

    /**
     * Captures {@code network}'s parameters and, when it trains, the optimizer's state now. Values are stored in the
     * network's precision.
     *
     * @param backend the name of the backend that computed it
     */
    public static Checkpoint capture(String specSha256, CellSpec cell, TrainingState state, CompiledNetwork network,
                                     String backend) {
        String type = network.precision() == Precision.FLOAT64 ? FLOAT64 : null;
        String extension = type == null ? ".f32" : ".f64";
        Map<String, double[]> values = new LinkedHashMap<>();
        List<TensorInfo> index = new ArrayList<>();
        List<ParameterPlan> parameters = network.plan().parameters();
        List<String> names = parameterNames(network.plan());
        for (int i = 0; i < parameters.size(); i++) {
            double[] v = new double[Math.toIntExact(parameters.get(i).shape().size())];
            network.readParameter(i, v);
            index.add(new TensorInfo(names.get(i), PARAMETER, dims(parameters.get(i)),
                    "tensors/" + index.size() + extension, type));
            values.put(names.get(i), v);
        }
        List<double[]> optimizerState = network.optimizerState();
        for (int i = 0; i < optimizerState.size(); i++) {
            String name = OPTIMIZER + "." + i;
            double[] v = optimizerState.get(i).clone();
            index.add(new TensorInfo(name, OPTIMIZER, List.of(v.length), "tensors/" + index.size() + extension, type));
            values.put(name, v);
        }
        Metadata metadata = new Metadata(FORMAT, FORMAT_VERSION, lenetVersion(), Instant.now().toString(),
                specSha256, cell, backend, network.device(), state.epochsDone(), state.step(), state.epochs(), true,
                index);
        return new Checkpoint(metadata, values);
    }

    /** The names of {@code plan}'s parameters, in order: {@code <layer>.<parameter>}. */
    static List<String> parameterNames(ModelPlan plan) {
        List<String> names = new ArrayList<>();
        for (LayerPlan layer : plan.layers()) {
            for (ParameterPlan p : layer.parameters()) {
                names.add(layer.name() + "." + p.name());
            }
        }
        return names;
    }

    private static List<Integer> dims(ParameterPlan p) {
        return Arrays.stream(p.shape().dims()).boxed().toList();
    }

    /** The metadata. */
    public Metadata metadata() {
        return metadata;
    }

    /** The saved cell. */
    public CellSpec cell() {
        return metadata.cell();
    }

    /** Where training stands. */
    public TrainingState state() {
        return new TrainingState(metadata.epochsDone(), metadata.step(), metadata.epochs());
    }

    /** A copy of the values of tensor {@code name}, or {@code null} when there is none. */
    public double[] tensor(String name) {
        double[] v = tensors.get(name);
        return v == null ? null : v.clone();
    }

    /** The optimizer's state arrays, in order, or {@code null} when not saved. */
    public List<double[]> optimizerState() {
        if (!metadata.optimizerState()) {
            return null;
        }
        List<double[]> out = new ArrayList<>();
        for (TensorInfo t : metadata.tensors()) {
            if (OPTIMIZER.equals(t.role())) {
                out.add(tensors.get(t.name()).clone());
            }
        }
        return out;
    }

    /**
     * Writes every saved parameter into {@code network}, matched by name and shape; checks them all before
     * writing any.
     *
     * @throws CheckpointException when a parameter is missing or has another shape
     */
    public void loadInto(CompiledNetwork network) {
        checkFits(network.plan());
        List<String> names = parameterNames(network.plan());
        for (int i = 0; i < names.size(); i++) {
            network.writeParameter(i, tensors.get(names.get(i)));
        }
    }

    /**
     * Checks that every parameter of {@code plan} is saved here with its shape.
     *
     * @throws CheckpointException when a parameter is missing or has another shape
     */
    public void checkFits(ModelPlan plan) {
        List<String> names = parameterNames(plan);
        List<ParameterPlan> parameters = plan.parameters();
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        metadata.tensors().forEach(t -> byName.put(t.name(), t));
        for (int i = 0; i < parameters.size(); i++) {
            TensorInfo t = byName.get(names.get(i));
            List<Integer> expected = dims(parameters.get(i));
            if (t == null || !PARAMETER.equals(t.role())) {
                throw new CheckpointException("the checkpoint has no parameter " + names.get(i) + " (layer "
                        + layerOf(plan, i) + ")");
            }
            if (!t.shape().equals(expected)) {
                throw new CheckpointException("layer " + layerOf(plan, i) + ": parameter " + names.get(i)
                        + " has shape " + t.shape() + " in the checkpoint but " + expected + " in the model");
            }
        }
    }

    /** The name of the layer of {@code plan}'s parameter number {@code index}. */
    private static String layerOf(ModelPlan plan, int index) {
        int i = 0;
        for (LayerPlan layer : plan.layers()) {
            i += layer.parameters().size();
            if (index < i) {
                return layer.name();
            }
        }
        throw new IndexOutOfBoundsException(index);
    }

    /**
     * The SHA-256 (lower-case hex) of a checkpoint file's bytes, read in one pass: what specs, results and
     * baselines record of the checkpoint a cell starts from.
     *
     * @throws CheckpointException naming the file when it cannot be read
     */
    public static String fileSha256(Path file) {
        try (InputStream in = InputFiles.open(file, InputKind.CHECKPOINT)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (InputFileException e) {
            throw new CheckpointException(e.getMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's bytes. */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.setLevel(Deflater.BEST_SPEED);
                zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
                zip.write(MAPPER.writeValueAsBytes(metadata));
                zip.closeEntry();
                for (TensorInfo t : metadata.tensors()) {
                    double[] v = tensors.get(t.name());
                    ByteBuffer buffer = ByteBuffer.allocate(v.length * t.bytesPerValue()).order(ByteOrder.LITTLE_ENDIAN);
                    for (double d : v) {
                        if (t.isFloat64()) {
                            buffer.putDouble(d);
                        } else {
                            buffer.putFloat((float) d);
                        }
                    }
                    zip.putNextEntry(new ZipEntry(t.entry()));
                    zip.write(buffer.array());
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a checkpoint", e);
        }
    }

    /** Writes the checkpoint to {@code file} atomically (temp file, fsync, rename), creating the directory. */
    public void write(Path file) throws IOException {
        ResultsWriter.writeAtomically(file, toBytes());
    }

    /**
     * Reads and checks a checkpoint file.
     *
     * @throws CheckpointException naming the file and what is wrong with it
     */
    public static Checkpoint read(Path file) {
        long fileSize;
        try {
            fileSize = InputFiles.check(file, InputKind.CHECKPOINT);
            // the ZIP index is read whole, and the tensors take at least what the file holds
            HeapBudget.require(file, fileSize, String.format(Locale.ROOT, "reading this %,d-byte checkpoint", fileSize));
        } catch (InputFileException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry meta = zip.getEntry(METADATA_ENTRY);
            if (meta == null) {
                throw new CheckpointException(file + ": not a LeNet Lab checkpoint (no " + METADATA_ENTRY + " inside)");
            }
            Metadata metadata;
            try {
                byte[] json = readEntry(zip, meta, InputKind.CHECKPOINT_METADATA.maxBytes(), file,
                        "more than " + InputKind.CHECKPOINT_METADATA.limitText() + ", the most a "
                                + InputKind.CHECKPOINT_METADATA.description() + " may have");
                HeapBudget.require(file, (long) json.length * InputKind.CHECKPOINT_METADATA.heapPerByte(),
                        String.format(Locale.ROOT, "reading its %,d-byte %s", json.length, METADATA_ENTRY));
                metadata = MAPPER.readValue(json, Metadata.class);
            } catch (JsonProcessingException e) {
                throw new CheckpointException(file + ": " + METADATA_ENTRY + " is not valid: "
                        + e.getOriginalMessage().lines().findFirst().orElse(""), e);
            } catch (InputFileException e) {
                throw new CheckpointException(e.getMessage(), e);
            }
            check(metadata, file);
            requireHeap(metadata, file);
            Map<String, double[]> tensors = new LinkedHashMap<>();
            for (TensorInfo t : metadata.tensors()) {
                ZipEntry entry = zip.getEntry(t.entry());
                if (entry == null) {
                    throw new CheckpointException(file + ": entry " + t.entry() + " of tensor " + t.name() + " is missing");
                }
                long expected = t.size() * t.bytesPerValue();
                byte[] bytes = readEntry(zip, entry, expected, file, "more than the " + expected + " bytes that "
                        + METADATA_ENTRY + " implies for tensor " + t.name() + " of shape " + t.shape());
                if (bytes.length != expected) {
                    throw new CheckpointException(file + ": tensor " + t.name() + " has " + bytes.length
                            + " bytes, expected " + expected + " for shape " + t.shape());
                }
                double[] v = new double[(int) t.size()];
                ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.isFloat64() ? buffer.getDouble() : buffer.getFloat();
                }
                if (tensors.put(t.name(), v) != null) {
                    throw new CheckpointException(file + ": tensor " + t.name() + " appears twice");
                }
            }
            return new Checkpoint(metadata, tensors);
        } catch (ZipException e) {
            throw new CheckpointException(file + ": not a LeNet Lab checkpoint (not a readable ZIP file: "
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads at most {@code limit} bytes of {@code entry}: its declared size is checked first, and the inflating
     * stream stops with a {@link CheckpointException} at the first byte past the limit, so that an entry that
     * inflates without end allocates no more than the limit.
     *
     * @param beyond what the limit is, for the message
     */
    private static byte[] readEntry(ZipFile zip, ZipEntry entry, long limit, Path file, String beyond)
            throws IOException {
        if (entry.getSize() > limit) {
            throw new CheckpointException(file + ": entry " + entry.getName() + " declares " + entry.getSize()
                    + " bytes, " + beyond);
        }
        try (InputStream in = InputFiles.bounded(zip.getInputStream(entry), limit,
                () -> new CheckpointException(file + ": entry " + entry.getName() + " inflates to " + beyond))) {
            byte[] bytes = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
            if (in.read() >= 0) {
                throw new CheckpointException(file + ": entry " + entry.getName() + " inflates to " + beyond);
            }
            return bytes;
        }
    }

    /**
     * Fails unless the tensors {@code m} declares fit in the heap budget: each is held as {@code double[]}, and one
     * entry's bytes besides while it is decoded.
     */
    private static void requireHeap(Metadata m, Path file) {
        long values = 0;
        long largestEntry = 0;
        for (TensorInfo t : m.tensors()) {
            values += t.size();
            largestEntry = Math.max(largestEntry, t.size() * t.bytesPerValue());
        }
        try {
            HeapBudget.require(file, values * Double.BYTES + largestEntry, String.format(Locale.ROOT,
                    "holding the %,d tensor values its %s declares", values, METADATA_ENTRY));
        } catch (InputFileException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
    }

    private static void check(Metadata m, Path file) {
        String problem = null;
        if (!FORMAT.equals(m.format())) {
            problem = "not a LeNet Lab checkpoint (format " + m.format() + ")";
        } else if (m.formatVersion() < 1 || m.formatVersion() > FORMAT_VERSION) {
            problem = "format version " + m.formatVersion() + " is not supported (this LeNet Lab "
                    + lenetVersion() + " reads versions 1 to " + FORMAT_VERSION + ")";
        } else if (m.cell() == null || m.cell().model() == null || m.cell().settings() == null) {
            problem = "the cell is missing";
        } else if (m.tensors() == null || m.epochs() == null) {
            problem = "the tensor index or the epochs are missing";
        } else if (m.epochsDone() < 0 || m.step() < 0 || m.epochs().size() != m.epochsDone()) {
            problem = "inconsistent progress: " + m.epochsDone() + " epochs done but " + m.epochs().size()
                    + " epoch results";
        } else {
            for (TensorInfo t : m.tensors()) {
                if (t == null || t.name() == null || t.shape() == null || t.entry() == null
                        || !(PARAMETER.equals(t.role()) || OPTIMIZER.equals(t.role()))
                        || !(t.type() == null || FLOAT64.equals(t.type()))) {
                    problem = "a tensor index entry is incomplete";
                    break;
                }
                long size = 1;
                for (Integer d : t.shape()) {
                    if (d == null || d <= 0) {
                        size = -1;
                        break;
                    }
                    size *= d;
                    if (size * Double.BYTES > Integer.MAX_VALUE - 8) {
                        size = -1;
                        break;
                    }
                }
                if (size < 0) {
                    problem = "tensor " + t.name() + " has an invalid shape " + t.shape();
                    break;
                }
            }
        }
        if (problem != null) {
            throw new CheckpointException(file + ": " + problem);
        }
    }

    private static String lenetVersion() {
        String version = org.lenetlab.provenance.ProjectVersion.current();
        return version == null ? "unknown" : version;
    }
}
