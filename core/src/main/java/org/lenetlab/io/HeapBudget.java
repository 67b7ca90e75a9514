package org.lenetlab.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How much memory one input may take: half of this JVM's maximum heap ({@code -Xmx}). Readers ask before they
 * allocate for what a file declares (an image's canvas, an IDX header's count × shape, a checkpoint's tensors), so
 * that a small file declaring something huge is refused in one line instead of running the JVM out of heap.
 */
public final class HeapBudget {
    /** The most pixels an image given to {@code lenet predict} may declare: 50 megapixels. */
    public static final long MAX_IMAGE_PIXELS = 50_000_000L;

    private HeapBudget() {
    }

    /** The bytes one input may take: half of the maximum heap. */
    public static long bytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * Fails unless {@code bytes} fit in {@link #bytes()}.
     *
     * @param what what needs them, for the message, e.g. {@code "an image of 20,000×20,000 pixels"}
     * @throws InputFileException naming {@code file}, what needs how much, and the heap
     */
    public static void require(Path file, long bytes, String what) {
        long budget = bytes();
        if (bytes < 0 || bytes > budget) {
            throw new InputFileException(file, String.format(Locale.ROOT,
                    "%s needs about %s of memory, more than half of this JVM's maximum heap (%s); give Java more"
                            + " heap (-Xmx) to read it", what, size(bytes), size(Runtime.getRuntime().maxMemory())));
        }
    }

    /** {@code bytes} rounded for people: {@code 1.5 GB}, {@code 240 MB}, {@code 12 kB}. */
    static String size(long bytes) {
        if (bytes < 0) {
            return "more than 8 EB";
        }
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000L) {
            return String.format(Locale.ROOT, "%d MB", Math.round(bytes / 1e6));
        }
        return String.format(Locale.ROOT, "%d kB", Math.max(1, Math.round(bytes / 1e3)));
    }
}
