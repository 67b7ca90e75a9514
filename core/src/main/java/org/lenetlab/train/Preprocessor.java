package org.lenetlab.train;

import org.lenetlab.plan.Preprocessing;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.Normalization;

/** Applies a model's {@link Preprocessing} to examples already normalised by the experiment. */
public final class Preprocessor {
    private Preprocessor() {
    }

    /**
     * {@code examples} padded and mapped: each image gets {@code padding} background pixels on every side (a
     * background pixel is a raw 0, i.e. {@code (0 − mean) / std} after the normalisation), then every value x becomes
     * {@code background + x · (foreground − background)}. The identity returns {@code examples} itself.
     */
    public static Examples apply(Examples examples, Preprocessing preprocessing, Normalization normalization) {
        if (preprocessing.isIdentity()) {
            return examples;
        }
        Shape in = examples.imageShape();
        if (in.rank() != 3) {
            throw new IllegalArgumentException("preprocessing needs channels×height×width images, got " + in);
        }
        if (preprocessing.resize() > 0) {
            examples = resized(examples, preprocessing.resize(), (float) ((0 - normalization.mean())
                    / normalization.std()));
        }
        int pad = preprocessing.padding();
        int channels = in.dim(0);
        int height = in.dim(1);
        int width = in.dim(2);
        Shape out = Shape.of(channels, height + 2 * pad, width + 2 * pad);
        int outHeight = out.dim(1);
        int outWidth = out.dim(2);
        double background = preprocessing.background();
        double scale = preprocessing.foreground() - background;
        float padValue = (float) (background + scale * (0 - normalization.mean()) / normalization.std());
        int inSize = Math.toIntExact(in.size());
        int outSize = Math.toIntExact(out.size());
        float[] source = examples.images();
        float[] target = new float[Math.multiplyExact(examples.count(), outSize)];
        for (int e = 0; e < examples.count(); e++) {
            int from = e * inSize;
            int to = e * outSize;
            java.util.Arrays.fill(target, to, to + outSize, padValue);
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < height; r++) {
                    int src = from + (c * height + r) * width;
                    int dst = to + (c * outHeight + r + pad) * outWidth + pad;
                    for (int x = 0; x < width; x++) {
                        target[dst + x] = (float) (background + scale * source[src + x]);
                    }
                }
            }
        }
        return new Examples(target, examples.labels(), examples.count(), out);
    }

    /**
     * Each image down-sampled to {@code side × side}, every new pixel the mean of the old pixels under it weighted by
     * the area they cover, and centred (offset {@code (height − side) / 2}, rounded down) in a field of the original
     * size filled with {@code blank}.
     */
    static Examples resized(Examples examples, int side, float blank) {
        Shape shape = examples.imageShape();
        int channels = shape.dim(0);
        int height = shape.dim(1);
        int width = shape.dim(2);
        if (side > height || side > width) {
            throw new IllegalArgumentException("cannot down-sample " + height + "×" + width + " images to " + side
                    + "×" + side);
        }
        double[][] rows = weights(height, side);
        double[][] cols = weights(width, side);
        int top = (height - side) / 2;
        int left = (width - side) / 2;
        int size = channels * height * width;
        float[] source = examples.images();
        float[] target = new float[source.length];
        java.util.Arrays.fill(target, blank);
        double[] line = new double[side * width];
        for (int e = 0; e < examples.count(); e++) {
            for (int c = 0; c < channels; c++) {
                int base = e * size + c * height * width;
                // rows first: line[r][x] = Σ_y rows[r][y] · image[y][x]
                java.util.Arrays.fill(line, 0);
                for (int r = 0; r < side; r++) {
                    for (int y = 0; y < height; y++) {
                        double w = rows[r][y];
                        if (w != 0) {
                            for (int x = 0; x < width; x++) {
                                line[r * width + x] += w * source[base + y * width + x];
                            }
                        }
                    }
                }
                for (int r = 0; r < side; r++) {
                    for (int q = 0; q < side; q++) {
                        double sum = 0;
                        for (int x = 0; x < width; x++) {
                            sum += cols[q][x] * line[r * width + x];
                        }
                        target[base + (top + r) * width + left + q] = (float) sum;
                    }
                }
            }
        }
        return new Examples(target, examples.labels(), examples.count(), shape);
    }

    /** {@code w[i][j]}: the share of new pixel i (of {@code to}) that old pixel j (of {@code from}) covers; rows sum to 1. */
    private static double[][] weights(int from, int to) {
        double[][] w = new double[to][from];
        double step = (double) from / to;
        for (int i = 0; i < to; i++) {
            double start = i * step;
            double end = start + step;
            for (int j = (int) Math.floor(start); j < Math.min(from, (int) Math.ceil(end)); j++) {
                double overlap = Math.min(end, j + 1) - Math.max(start, j);
                if (overlap > 0) {
                    w[i][j] = overlap / step;
                }
            }
        }
        return w;
    }
}
