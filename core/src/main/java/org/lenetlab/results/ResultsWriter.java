package org.lenetlab.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.lenetlab.io.InputFiles;
import org.lenetlab.io.InputKind;

/** Writes results files atomically: a temp file in the same directory, fsync, then an atomic rename. */
public final class ResultsWriter {
    /** The file name inside a run's output directory. */
    public static final String FILE_NAME = "results.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ResultsWriter() {
    }

    /** The mapper that reads and writes results files. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Replaces {@code dir/results.json} with {@code results}, creating {@code dir} if needed. */
    public static Path write(Path dir, ResultsFile results) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(results);
            return writeAtomically(dir.resolve(FILE_NAME), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a results file through the guarded input path ({@link InputKind#RESULTS}).
     *
     * @throws org.lenetlab.io.InputFileException when the file is not a regular file, is too large, or cannot be read
     * @throws IOException                       when it is not valid JSON of a results file
     */
    public static ResultsFile read(Path file) throws IOException {
        return MAPPER.readValue(InputFiles.readAllBytes(file, InputKind.RESULTS), ResultsFile.class);
    }

    /** Writes {@code bytes} to {@code target} so that readers see either the old or the new file, never a part. */
    public static Path writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: that makes the file owner-only (0600), and the renamed result would stay so.
        Path tmp = dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        Files.createFile(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // Some file systems cannot sync a directory; the rename itself is still atomic.
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
