package org.lenetlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.Preprocessing;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.Normalization;

/**
 * LeNet-1's resize step: images down-sampled by area averaging and centred in a blank field of their size, before
 * the padding and the background/foreground mapping.
 */
class PreprocessorResizeTest {
    private static Examples random(int count, int side, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] images = new float[count * side * side];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextDouble();
        }
        return new Examples(images, new int[count], count, Shape.of(1, side, side));
    }

    @Test
    void halvingIsTheMeanOfEachTwoByTwoBlockCentred() {
        Examples in = random(3, 28, 1);
        Examples out = Preprocessor.apply(in, new Preprocessing(0, 0.0, 1.0, 14), Normalization.NONE);
        assertEquals(Shape.of(1, 28, 28), out.imageShape());
        for (int e = 0; e < 3; e++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    float got = out.images()[e * 784 + y * 28 + x];
                    if (y < 7 || y >= 21 || x < 7 || x >= 21) {
                        assertEquals(0f, got, "blank outside the 14×14 box");
                    } else {
                        int r = 2 * (y - 7);
                        int c = 2 * (x - 7);
                        float[] p = in.images();
                        int b = e * 784;
                        double mean = (p[b + r * 28 + c] + p[b + r * 28 + c + 1] + p[b + (r + 1) * 28 + c]
                                + p[b + (r + 1) * 28 + c + 1]) / 4.0;
                        assertEquals(mean, got, 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void sixteenOfTwentyEightKeepsTheInkInProportionToTheArea() {
        Examples in = random(2, 28, 2);
        Normalization norm = new Normalization(0.1307, 0.3081);
        float blank = (float) ((0 - 0.1307) / 0.3081);
        Examples normalised = new Examples(scaled(in.images(), norm), in.labels(), 2, in.imageShape());
        Examples out = Preprocessor.apply(normalised, new Preprocessing(0, 0.0, 1.0, 16), norm);
        for (int e = 0; e < 2; e++) {
            double before = 0;
            double after = 0;
            for (int p = 0; p < 784; p++) {
                before += normalised.images()[e * 784 + p] - blank;
                after += out.images()[e * 784 + p] - blank;
            }
            assertEquals(before * (16.0 * 16) / (28 * 28), after, 1e-3 * Math.abs(before));
            assertEquals(blank, out.images()[e * 784 + 5 * 28 + 5], 1e-6, "row 5 is outside the box at 6..21");
        }
    }

    @Test
    void resizeThenPaddingAndMapping() {
        Examples in = new Examples(new float[] {1f, 1f, 1f, 1f}, new int[1], 1, Shape.of(1, 2, 2));
        Examples out = Preprocessor.apply(in, new Preprocessing(1, -0.1, 1.175, 1), Normalization.NONE);
        // 2×2 ink down to 1 pixel at (0, 0) of the 2×2 field, blank elsewhere; then padded by 1 and mapped
        float[] expected = new float[16];
        java.util.Arrays.fill(expected, -0.1f);
        expected[1 * 4 + 1] = 1.175f;
        for (int i = 0; i < 16; i++) {
            assertEquals(expected[i], out.images()[i], 1e-6, "pixel " + i);
        }
    }

    private static float[] scaled(float[] raw, Normalization n) {
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (float) ((raw[i] - n.mean()) / n.std());
        }
        return out;
    }
}
