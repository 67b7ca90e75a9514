package org.lenetlab.io;

import java.util.Locale;
import java.util.Objects;

/**
 * A kind of input file and its limits: the most bytes a file of this kind may have on disk, and how many bytes of
 * heap reading one byte of it may take at worst (for JSON, the tree and records Jackson builds; 0 for kinds whose
 * readers check what their headers declare instead, see {@link HeapBudget}).
 *
 * <p>The kinds LeNet Lab reads, and their limits, are constants here; README's "Bad input" section lists them. A new
 * reader either uses one of them or declares its own kind with a limit suited to its files.
 *
 * @param description   what a file of this kind is, in words, e.g. {@code "spec file"}
 * @param maxBytes      the most bytes such a file may have
 * @param heapPerByte   bytes of heap one byte of the file may need when read (0: its reader checks its header)
 */
public record InputKind(String description, long maxBytes, int heapPerByte) {
    /** Bytes in a mebibyte. */
    private static final long MIB = 1L << 20;
    /** Bytes in a gibibyte. */
    private static final long GIB = 1L << 30;
    /**
     * A JSON file's worst case in memory per byte of text: {@code [{},{},...]} makes about 25 bytes of Jackson tree
     * per byte of input.
     */
    public static final int JSON_HEAP_PER_BYTE = 32;

    /** An experiment or model spec (JSON): at most 4 MiB. */
    public static final InputKind SPEC = new InputKind("spec file", 4 * MIB, JSON_HEAP_PER_BYTE);
    /** A baseline file of {@code lenet baseline} / {@code lenet verify} (JSON): at most 4 MiB. */
    public static final InputKind BASELINE = new InputKind("baseline file", 4 * MIB, JSON_HEAP_PER_BYTE);
    /** A run's {@code results.json}: at most 64 MiB. */
    public static final InputKind RESULTS = new InputKind("results file", 64 * MIB, JSON_HEAP_PER_BYTE);
    /**
     * A checkpoint (ZIP): at most 2 GiB on disk; its entries are checked against the sizes its {@code checkpoint.json}
     * implies as they inflate, and those sizes against the heap.
     */
    public static final InputKind CHECKPOINT = new InputKind("checkpoint", 2 * GIB, 0);
    /** The {@code checkpoint.json} entry inside a checkpoint (JSON, inflated): at most 16 MiB. */
    public static final InputKind CHECKPOINT_METADATA = new InputKind("checkpoint's checkpoint.json", 16 * MIB,
            JSON_HEAP_PER_BYTE);
    /**
     * A data file (IDX, plain or gzip): at most 4 GiB on disk; what it holds is checked against its header's count ×
     * shape as it is read (or inflates), and that against the heap.
     */
    public static final InputKind DATA = new InputKind("data file", 4 * GIB, 0);
    /**
     * An image given to {@code lenet predict}: at most 64 MiB on disk, and at most {@link HeapBudget#MAX_IMAGE_PIXELS}
     * pixels as its header declares them.
     */
    public static final InputKind IMAGE = new InputKind("image", 64 * MIB, 0);

    /** Checks the fields. */
    public InputKind {
        Objects.requireNonNull(description, "description");
        if (maxBytes < 0 || heapPerByte < 0) {
            throw new IllegalArgumentException("negative limit for " + description);
        }
    }

    /** The size limit in words, e.g. {@code 4 MiB (4,194,304 bytes)}. */
    public String limitText() {
        return bytes(maxBytes);
    }

    /** {@code bytes} in words: {@code 4 MiB (4,194,304 bytes)}, or {@code 123 bytes}. */
    static String bytes(long bytes) {
        if (bytes >= GIB && bytes % GIB == 0) {
            return String.format(Locale.ROOT, "%d GiB (%,d bytes)", bytes / GIB, bytes);
        }
        if (bytes >= MIB && bytes % MIB == 0) {
            return String.format(Locale.ROOT, "%d MiB (%,d bytes)", bytes / MIB, bytes);
        }
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB (%,d bytes)", bytes / (double) MIB, bytes);
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
