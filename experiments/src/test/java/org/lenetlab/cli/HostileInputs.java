package org.lenetlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.checkpoint.Checkpoint;
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
import org.lenetlab.testing.FakeBackend;
import org.lenetlab.testing.ZipFixtures;
import org.lenetlab.train.Initialization;
import org.lenetlab.train.TrainingSettings;
import org.lenetlab.train.TrainingState;

/**
 * Hostile input files, made by the tests (nothing large is committed, and the large ones are sparse or compress to
 * kilobytes): special files, files larger than their kind allows, images whose header declares a huge canvas,
 * checkpoints and gzip files that inflate far beyond what their index or header implies.
 */
final class HostileInputs {
    private HostileInputs() {
    }

    /** A FIFO (named pipe), made with mkfifo(1); opening it for reading would block until a writer comes. */
    static Path fifo(Path path) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo failed for " + path);
            }
            return path;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A UNIX domain socket file (the file stays after its server is closed). */
    static Path socket(Path path) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
        }
        return path;
    }

    /** A sparse file of {@code bytes} bytes: that large on paper, nothing on disk. */
    static Path sparse(Path path, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return path;
    }

    /** {@code prefix}, then {@code count} copies of {@code item} separated by commas, then {@code suffix}. */
    static Path repeatedJson(Path path, String prefix, String item, int count, String suffix) throws IOException {
        StringBuilder sb = new StringBuilder(prefix.length() + count * (item.length() + 1) + suffix.length());
        sb.append(prefix);
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append(item);
        }
        return Files.writeString(path, sb.append(suffix));
    }

    /** A greyscale PNG whose header declares {@code width × height} pixels, with a few bytes of image data. */
    static Path png(Path path, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            z.write(new byte[64]);
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return Files.write(path, out.toByteArray());
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A 24-bit BMP whose header declares {@code width × height} pixels, with 16 bytes of pixel data. */
    static Path bmp(Path path, int width, int height) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(54 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + 16).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return Files.write(path, b.array());
    }

    /** A GIF whose first frame declares {@code width × height} pixels (at most 65,535 each), with no real data. */
    static Path gif(Path path, int width, int height) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        b.put((byte) 0x2c).putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height)
                .put((byte) 0);
        b.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0x3b);
        return Files.write(path, java.util.Arrays.copyOf(b.array(), b.position()));
    }

    /**
     * A gzip file holding {@code header}, then {@code zeros} zero bytes: a few kilobytes on disk for megabytes
     * inflated.
     */
    static Path gzipBomb(Path path, byte[] header, long zeros) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path), 1 << 16)) {
            out.write(header);
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return path;
    }

    /** An IDX image header: magic 2051, then count, rows, columns. */
    static byte[] idxImageHeader(int count, int rows, int cols) {
        return ByteBuffer.allocate(16).putInt(0x00000803).putInt(count).putInt(rows).putInt(cols).array();
    }

    /** A valid checkpoint of a small model (flatten, dense 784→10), as the fake backend computes it. */
    static Path checkpoint(Path path) throws IOException {
        ModelSpec model = new ModelSpec(null, "small", null, new InputSpec(1, 28, 28), null,
                List.of(new FlattenSpec(null), new DenseSpec(null, 10, null, null)), null, null);
        TrainingSettings settings = new TrainingSettings(1, 8, OptimizerKind.ADAM, 0.01, null,
                0.9, 0.999, 1e-8, 0, Normalization.NONE, 100, null, null, null, null, Precision.FLOAT32);
        CellSpec cell = new CellSpec("small/fake/seed=0", model, "fake", 0, settings, DatasetSpec.MNIST);
        try (CompiledNetwork network = new FakeBackend("fake").compile(Cell.of(cell).plan(),
                CompileOptions.training(Precision.FLOAT32, settings.optimizerPlan()))) {
            Initialization.initialize(network, 1);
            Checkpoint.capture("sha", cell, TrainingState.START, network, "fake").write(path);
        }
        return path;
    }

    /** A copy of checkpoint {@code from} whose entry {@code name} is replaced by {@code content(old bytes)}. */
    static Path withEntry(Path from, Path to, String name, UnaryOperator<byte[]> content) throws IOException {
        return ZipFixtures.withEntry(from, to, name, content);
    }

    /** A copy of checkpoint {@code from} whose {@code checkpoint.json} declares {@code n} tensors of {@code values} each. */
    static Path declaringHugeTensors(Path from, Path to, int n, int values) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        return withEntry(from, to, Checkpoint.METADATA_ENTRY, bytes -> {
            try {
                ObjectNode meta = (ObjectNode) mapper.readTree(bytes);
                ArrayNode tensors = meta.putArray("tensors");
                for (int i = 0; i < n; i++) {
                    ObjectNode t = tensors.addObject();
                    t.put("name", "optimizer." + i).put("role", Checkpoint.OPTIMIZER).put("entry", "tensors/" + i + ".f32");
                    t.putArray("shape").add(values);
                }
                return mapper.writeValueAsBytes(meta);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Makes the ZIP's central directory declare {@code size} bytes for entry {@code name}, whatever it inflates to. */
    static Path lyingAboutSize(Path zip, String name, int size) throws IOException {
        return ZipFixtures.lyingAboutSize(zip, name, size);
    }

    /** {@code n} zero bytes. */
    static byte[] zeros(int n) {
        return new byte[n];
    }
}
