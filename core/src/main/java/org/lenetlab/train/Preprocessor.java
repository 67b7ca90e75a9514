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
}
