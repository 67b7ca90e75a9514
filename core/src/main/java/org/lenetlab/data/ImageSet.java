package org.lenetlab.data;

import java.util.Arrays;

/**
 * Labelled grey-scale images in one contiguous array: image {@code i} is {@code pixels[i * imageSize() ..
 * (i + 1) * imageSize() - 1]}, row-major, and its class is {@code labels[i]}.
 *
 * <p>For speed the arrays are shared, not copied: the constructor keeps the caller's arrays and the accessors
 * return them. Nobody may modify them; derived sets ({@link #first}, {@link #normalized}) are new arrays.
 */
public final class ImageSet {
    private final int count;
    private final int rows;
    private final int cols;
    private final float[] pixels;
    private final int[] labels;

    /**
     * A set of {@code count} images of {@code rows × cols} pixels, taking ownership of the arrays.
     *
     * @throws IllegalArgumentException when the arrays do not match the dimensions
     */
    public ImageSet(int count, int rows, int cols, float[] pixels, int[] labels) {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad dimensions: " + count + " images of " + rows + "×" + cols);
        }
        if ((long) count * rows * cols != pixels.length || labels.length != count) {
            throw new IllegalArgumentException(pixels.length + " pixels and " + labels.length + " labels do not make "
                    + count + " images of " + rows + "×" + cols);
        }
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** The number of images. */
    public int count() {
        return count;
    }

    /** The height of an image. */
    public int rows() {
        return rows;
    }

    /** The width of an image. */
    public int cols() {
        return cols;
    }

    /** The number of pixels in one image, {@code rows * cols}. */
    public int imageSize() {
        return rows * cols;
    }

    /** All pixels, image after image; shared, not copied: do not modify. */
    public float[] pixels() {
        return pixels;
    }

    /** All labels, one per image; shared, not copied: do not modify. */
    public int[] labels() {
        return labels;
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** How many images have each label {@code 0 .. classes - 1}. */
    public int[] labelCounts(int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The first {@code n} images, or this set itself when it has no more than {@code n}. */
    public ImageSet first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot keep " + n + " images");
        }
        if (n >= count) {
            return this;
        }
        return new ImageSet(n, rows, cols, Arrays.copyOf(pixels, n * imageSize()), Arrays.copyOf(labels, n));
    }

    /** A copy with every pixel {@code x} replaced by {@code (x - mean) / std}; the labels are shared. */
    public ImageSet normalized(double mean, double std) {
        if (!(std > 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normalisation needs a finite mean and a positive std, not mean "
                    + mean + ", std " + std);
        }
        float m = (float) mean;
        float scale = (float) (1.0 / std);
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[i] - m) * scale;
        }
        return new ImageSet(count, rows, cols, out, labels);
    }

    /** The mean of all pixels, for choosing a normalisation. */
    public double pixelMean() {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        return pixels.length == 0 ? 0 : sum / pixels.length;
    }

    /** E.g. {@code 60000 images of 28×28}. */
    @Override
    public String toString() {
        return count + " images of " + rows + "×" + cols;
    }
}
