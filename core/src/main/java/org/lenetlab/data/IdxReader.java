package org.lenetlab.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.lenetlab.io.HeapBudget;
import org.lenetlab.io.InputFileException;

/**
 * Reads IDX files, plain or gzip (recognised by their first bytes), with bulk reads into one contiguous array and
 * no per-example objects. Every problem is a {@link DataException} naming the file.
 *
 * <p>Files are opened through the guarded input path ({@link org.lenetlab.io.InputFiles}, kind
 * {@link org.lenetlab.io.InputKind#DATA}). What a header declares (count × shape) is checked against the
 * {@link HeapBudget} before anything is allocated; a plain file's size must be what the header implies, and a gzip
 * file is read (inflated) only up to that size and one byte more, which is refused.
 */
public final class IdxReader {
    /** The magic number of an IDX file of unsigned bytes in three dimensions: images. */
    public static final int IMAGE_MAGIC = 0x00000803;
    /** The magic number of an IDX file of unsigned bytes in one dimension: labels. */
    public static final int LABEL_MAGIC = 0x00000801;
    /** The number of classes; labels lie in {@code 0 .. CLASSES - 1}. */
    public static final int CLASSES = 10;

    private static final int IMAGE_HEADER = 16;
    private static final int LABEL_HEADER = 8;
    private static final int MAX_SIDE = 1 << 14;
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8L;
    private static final int CHUNK = 1 << 20;
    private static final int GZIP_START = 1 << 24;
    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < SCALE.length; i++) {
            SCALE[i] = i / 255f;
        }
    }

    private IdxReader() {
    }

    /** Reads an image file (magic 2051) with pixels scaled to [0, 1] by {@code pixel / 255f}. */
    public static IdxImages readImages(Path file) {
        try (IdxStream in = IdxStream.open(file)) {
            int[] header = in.header(IMAGE_MAGIC, 3, "image");
            int count = header[0];
            int rows = header[1];
            int cols = header[2];
            long values = (long) count * rows * cols;
            if (rows == 0 || cols == 0 || rows > MAX_SIDE || cols > MAX_SIDE || values > MAX_VALUES) {
                throw new DataException(String.format(Locale.ROOT,
                        "%s: absurd IDX header, %,d images of %d×%d pixels", file, count, rows, cols));
            }
            long size = IMAGE_HEADER + values;
            in.expectSize(size);
            requireHeap(file, values * Float.BYTES + Math.min(CHUNK, values), String.format(Locale.ROOT,
                    "holding the %,d images of %d×%d pixels its header declares", count, rows, cols));
            // A plain file's size is known to match; a gzip stream's array grows with the data actually read, so
            // that a corrupt header cannot make us allocate gigabytes.
            float[] pixels = new float[(int) (in.isGzip() ? Math.min(values, GZIP_START) : values)];
            byte[] buffer = new byte[(int) Math.min(CHUNK, values)];
            for (int done = 0; done < values; ) {
                int n = (int) Math.min(buffer.length, values - done);
                in.readFully(buffer, 0, n, size);
                if (done + n > pixels.length) {
                    pixels = Arrays.copyOf(pixels, (int) Math.min(values, 2L * pixels.length));
                }
                for (int i = 0; i < n; i++) {
                    pixels[done + i] = SCALE[buffer[i] & 0xFF];
                }
                done += n;
            }
            in.expectEnd(size);
            return new IdxImages(count, rows, cols, pixels);
        }
    }

    /** Reads a label file (magic 2049) whose labels all lie in {@code 0 .. 9}. */
    public static int[] readLabels(Path file) {
        return readLabels(file, CLASSES);
    }

    /** Reads a label file (magic 2049) whose labels all lie in {@code 0 .. classes - 1}. */
    public static int[] readLabels(Path file, int classes) {
        try (IdxStream in = IdxStream.open(file)) {
            int count = in.header(LABEL_MAGIC, 1, "label")[0];
            if (count > MAX_VALUES) {
                throw new DataException(String.format(Locale.ROOT, "%s: absurd IDX header, %,d labels", file, count));
            }
            long size = LABEL_HEADER + (long) count;
            in.expectSize(size);
            requireHeap(file, (long) count * (Integer.BYTES + 1),
                    String.format(Locale.ROOT, "holding the %,d labels its header declares", count));
            byte[] bytes = in.readUpTo(count, size);
            in.expectEnd(size);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
                if (labels[i] >= classes) {
                    throw new DataException(String.format(Locale.ROOT, "%s: label %d at index %,d is outside 0..%d",
                            file, labels[i], i, classes - 1));
                }
            }
            return labels;
        }
    }

    /** Fails before anything is allocated unless what the header declares fits in the heap budget. */
    private static void requireHeap(Path file, long bytes, String what) {
        try {
            HeapBudget.require(file, bytes, what);
        } catch (InputFileException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /** Reads an image file and its label file, which must hold as many labels as there are images. */
    public static ImageSet readImageSet(Path imageFile, Path labelFile) {
        return readImageSet(imageFile, labelFile, CLASSES);
    }

    /** Reads an image file and its label file of {@code classes} classes, as many labels as images. */
    public static ImageSet readImageSet(Path imageFile, Path labelFile, int classes) {
        IdxImages images = readImages(imageFile);
        int[] labels = readLabels(labelFile, classes);
        if (labels.length != images.count()) {
            throw new DataException(String.format(Locale.ROOT, "%s: %,d labels but %s holds %,d images", labelFile,
                    labels.length, imageFile, images.count()));
        }
        return new ImageSet(images.count(), images.rows(), images.cols(), images.pixels(), labels);
    }
}
