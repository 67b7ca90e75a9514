package org.lenetlab.data;

/**
 * The contents of an IDX image file: {@code count} images of {@code rows × cols} pixels, row-major, image after
 * image, scaled from bytes to [0, 1] by {@code pixel / 255f}.
 *
 * <p>The array is shared, not copied, for speed: do not modify it.
 *
 * @param count  the number of images
 * @param rows   the height of an image
 * @param cols   the width of an image
 * @param pixels {@code count * rows * cols} values in [0, 1]
 */
public record IdxImages(int count, int rows, int cols, float[] pixels) {
    /** Checks that the array matches the dimensions. */
    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " values, not " + count + " images of "
                    + rows + "×" + cols);
        }
    }
}
