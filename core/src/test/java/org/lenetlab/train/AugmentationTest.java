package org.lenetlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.AugmentationSpec;

/**
 * The distortions are drawn from the cell's seed, the epoch and each image's index: the same seed gives the same
 * distorted batch however the batch is cut, another seed or epoch another one; the geometry keeps what it should.
 */
class AugmentationTest {
    private static final int SIDE = 28;
    private static final float BACKGROUND = -0.25f;
    private static final AugmentationSpec PAPER = new AugmentationSpec("paper", null, 2.0, 0.15, 0.15, 0.3, null, null);
    private static final AugmentationSpec ALL = new AugmentationSpec("all", 0.9, 2.0, 0.15, 0.15, 0.3, 10.0,
            new AugmentationSpec.ElasticSpec(3.0, 4.0));

    /** {@code count} images: a disc of ink, radius 5 to 8, at the centre, on the background. */
    private static Examples discs(int count) {
        float[] images = new float[count * SIDE * SIDE];
        Arrays.fill(images, BACKGROUND);
        double c = (SIDE - 1) / 2.0;
        for (int i = 0; i < count; i++) {
            int radius = 5 + i % 4;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    if ((x - c) * (x - c) + (y - c) * (y - c) <= radius * radius) {
                        images[i * SIDE * SIDE + y * SIDE + x] = 1f;
                    }
                }
            }
        }
        return new Examples(images, new int[count], count, Shape.of(1, SIDE, SIDE));
    }

    private static float[] distort(AugmentationSpec spec, Examples set, int[] order, long seed, int epoch) {
        float[] out = new float[order.length * SIDE * SIDE];
        new Augmentation(spec, BACKGROUND).distort(set, order, 0, order.length, seed, epoch, out);
        return out;
    }

    @Test
    void theSameSeedGivesTheSameDistortedBatchWhateverTheBatching() {
        Examples set = discs(40);
        int[] order = {7, 3, 39, 0, 12, 25, 18, 5};
        float[] once = distort(ALL, set, order, 42, 3);
        assertArrayEquals(once, distort(ALL, set, order, 42, 3), 0f);
        // the same images in two halves, in another order of calls: each image's distortion is its own
        float[] halves = new float[once.length];
        Augmentation a = new Augmentation(ALL, BACKGROUND);
        float[] second = new float[4 * SIDE * SIDE];
        a.distort(set, order, 4, 4, 42, 3, second);
        float[] first = new float[4 * SIDE * SIDE];
        a.distort(set, order, 0, 4, 42, 3, first);
        System.arraycopy(first, 0, halves, 0, first.length);
        System.arraycopy(second, 0, halves, first.length, second.length);
        assertArrayEquals(once, halves, 0f);

        assertFalse(Arrays.equals(once, distort(ALL, set, order, 43, 3)), "another seed, other distortions");
        assertFalse(Arrays.equals(once, distort(ALL, set, order, 42, 4)), "another epoch, other distortions");
    }

    @Test
    void nothingChangesWithoutDistortionsOrWithProbabilityZero() {
        Examples set = discs(6);
        int[] order = {0, 1, 2, 3, 4, 5};
        float[] original = Arrays.copyOf(set.images(), set.images().length);
        assertArrayEquals(original, distort(new AugmentationSpec(null, null, 0.0, 0.0, null, 0.0, 0.0, null), set,
                order, 1, 1), 1e-6f);
        assertArrayEquals(original, distort(new AugmentationSpec(null, 0.0, 2.0, 0.2, 0.2, 0.3, 10.0, null), set,
                order, 1, 1), 0f);
        assertFalse(AugmentationSpec.distorts(new AugmentationSpec("none", null, null, null, null, null, null, null)));
        assertTrue(AugmentationSpec.distorts(PAPER));
    }

    @Test
    void aRotationKeepsACentredDiscAndAShiftMovesItWithinItsBound() {
        Examples set = discs(8);
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] rotated = distort(new AugmentationSpec(null, null, null, null, null, null, 30.0, null), set, order, 5,
                1);
        for (int i = 0; i < order.length; i++) {
            assertEquals(ink(set.images(), i), ink(rotated, i), 0.03 * ink(set.images(), i), "ink of disc " + i);
        }
        float[] shifted = distort(new AugmentationSpec(null, null, 3.0, null, null, null, null, null), set, order, 5,
                1);
        boolean moved = false;
        for (int i = 0; i < order.length; i++) {
            double[] c = centroid(shifted, i);
            double centre = (SIDE - 1) / 2.0;
            assertTrue(Math.abs(c[0] - centre) <= 3.01 && Math.abs(c[1] - centre) <= 3.01, Arrays.toString(c));
            moved |= Math.abs(c[0] - centre) > 0.5 || Math.abs(c[1] - centre) > 0.5;
            assertEquals(ink(set.images(), i), ink(shifted, i), 1e-3 * ink(set.images(), i), "a shift keeps the ink");
        }
        assertTrue(moved, "the shifts moved the discs");
        float[] squeezed = distort(new AugmentationSpec(null, null, null, null, 0.3, null, null, null), set, order, 5,
                1);
        for (int i = 0; i < order.length; i++) {
            double[] c = centroid(squeezed, i);
            assertEquals((SIDE - 1) / 2.0, c[0], 1e-3, "squeezing about the centre keeps the centroid");
        }
    }

    /** The ink of image {@code i}: the sum of its values above the background. */
    private static double ink(float[] images, int i) {
        double sum = 0;
        for (int p = 0; p < SIDE * SIDE; p++) {
            sum += images[i * SIDE * SIDE + p] - BACKGROUND;
        }
        return sum;
    }

    private static double[] centroid(float[] images, int i) {
        double sx = 0;
        double sy = 0;
        double w = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double v = images[i * SIDE * SIDE + y * SIDE + x] - BACKGROUND;
                sx += v * x;
                sy += v * y;
                w += v;
            }
        }
        return new double[] {sx / w, sy / w};
    }
}
