package org.lenetlab.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Predicate;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.CellFiles;

/** Where the checkpoints of a run's cells live: {@code <out>/checkpoints/<cell file name>.ckpt}. */
public final class CheckpointFiles {
    /** The directory under a run's output directory. */
    public static final String DIRECTORY = "checkpoints";
    /** The file name extension. */
    public static final String EXTENSION = ".ckpt";

    private static final int MAX_NAME = 160;

    private CheckpointFiles() {
    }

    /** The checkpoint file of cell {@code cellId} in the run directory {@code outDir}. */
    public static Path of(Path outDir, String cellId) {
        return outDir.resolve(DIRECTORY).resolve(fileName(cellId));
    }

    /**
     * A file name for a cell id: {@code /} becomes {@code __}, any other character outside
     * {@code [A-Za-z0-9._,=+-]} becomes {@code _}, and an id longer than 160 characters is cut and ends with
     * {@code ~} and the first 12 hex digits of the id's SHA-256, so every name stays short and distinct.
     */
    public static String fileName(String cellId) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cellId.length(); i++) {
            char c = cellId.charAt(i);
            if (c == '/') {
                b.append("__");
            } else if (c < 128 && (Character.isLetterOrDigit(c) || ".,=+-_".indexOf(c) >= 0)) {
                b.append(c);
            } else {
                b.append('_');
            }
        }
        String name = b.toString();
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME) + "~" + sha256(cellId).substring(0, 12);
        }
        return name + EXTENSION;
    }

    /**
     * Deletes the temporary files that an atomic write killed half-way leaves in {@code outDir}, its checkpoint
     * directory and its cell files' directory (named {@code .<target>.<digits>.tmp}). Nothing else is touched.
     */
    public static void removeTemporaries(Path outDir) throws IOException {
        removeTemporaries(outDir, n -> n.startsWith("." + ResultsWriter.FILE_NAME + "."));
        removeTemporaries(outDir.resolve(DIRECTORY), n -> n.startsWith(".") && n.contains(EXTENSION + "."));
        removeTemporaries(outDir.resolve(CellFiles.DIR), n -> n.startsWith(".") && n.contains(".json."));
    }

    private static void removeTemporaries(Path dir, Predicate<String> temporary) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (temporary.test(n) && n.endsWith(".tmp") && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
