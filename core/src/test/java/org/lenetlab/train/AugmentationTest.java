package org.lenetlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
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

    @Test
    void aBatchDistortedInParallelOrAheadIsBitForBitTheSerialOne() {
        Examples set = discs(70);
        int[] order = new int[70];
        for (int i = 0; i < order.length; i++) {
            order[i] = (i * 31) % order.length;
        }
        for (AugmentationSpec spec : List.of(PAPER, ALL)) {
            float[] serial = new float[order.length * SIDE * SIDE];
            new Augmentation(spec, BACKGROUND, false).distort(set, order, 0, order.length, 9, 2, serial);
            float[] parallel = new float[serial.length];
            new Augmentation(spec, BACKGROUND, true).distort(set, order, 0, order.length, 9, 2, parallel);
            assertArrayEquals(serial, parallel, 0f, spec.name() + ": in parallel");

            // batches of 16 through DistortedBatches, each but the first prepared in the background
            List<float[]> handed = new ArrayList<>();
            try (DistortedBatches batches = new DistortedBatches(new Augmentation(spec, BACKGROUND), set, 16)) {
                CompiledNetwork network = recording(handed);
                for (int from = 0; from < order.length; from += 16) {
                    int n = Math.min(16, order.length - from);
                    int next = Math.min(16, Math.max(0, order.length - from - n));
                    ImageData images = batches.batch(network, order, from, n, 9, 2, from + n, next);
                    assertTrue(images.count() >= n, "the step reads images 0 .. n - 1");
                    // the recorded batch keeps only its n images (a buffer holds 16)
                    handed.set(handed.size() - 1, Arrays.copyOf(handed.get(handed.size() - 1), n * SIDE * SIDE));
                }
            }
            float[] joined = new float[serial.length];
            int at = 0;
            for (float[] b : handed) {
                System.arraycopy(b, 0, joined, at, b.length);
                at += b.length;
            }
            assertEquals(serial.length, at);
            assertArrayEquals(serial, joined, 0f, spec.name() + ": prepared ahead");
        }
    }

    /** A network whose {@code images} records a copy of the images it is handed; nothing else is used. */
    private static CompiledNetwork recording(List<float[]> handed) {
        return (CompiledNetwork) Proxy.newProxyInstance(CompiledNetwork.class.getClassLoader(),
                new Class<?>[] {CompiledNetwork.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("images")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    float[] images = (float[]) args[0];
                    Shape shape = (Shape) args[1];
                    handed.add(images.clone());
                    int count = Math.toIntExact(images.length / shape.size());
                    return new ImageData() {
                        @Override
                        public int count() {
                            return count;
                        }

                        @Override
                        public Shape imageShape() {
                            return shape;
                        }
                    };
                });
    }

    private static Augmentation elastic(double alpha, double sigma) {
        return new Augmentation(new AugmentationSpec(null, null, null, null, null, null, null,
                new AugmentationSpec.ElasticSpec(alpha, sigma)), BACKGROUND, false);
    }

    @Test
    void anElasticFieldOfAlphaZeroChangesNothingAndTheFieldGrowsWithAlpha() {
        Examples set = discs(6);
        int[] order = {0, 1, 2, 3, 4, 5};
        float[] out = new float[order.length * SIDE * SIDE];
        elastic(0, 4).distort(set, order, 0, order.length, 1, 1, out);
        assertArrayEquals(set.images(), out, 0f, "alpha 0");
        elastic(34, 4).distort(set, order, 0, order.length, 1, 1, out);
        assertFalse(Arrays.equals(set.images(), out), "alpha 34 moves pixels");

        float[][] one = elastic(1, 4).displacement(5, 2, 17, SIDE, SIDE);
        float[][] three = elastic(3, 4).displacement(5, 2, 17, SIDE, SIDE);
        for (int axis = 0; axis < 2; axis++) {
            for (int p = 0; p < SIDE * SIDE; p++) {
                assertEquals(3 * one[axis][p], three[axis][p], 1e-5, "proportional to alpha at " + p);
            }
        }
    }

    /**
     * The field's statistics against the definition it approximates: uniform noise in [−1, 1] at every pixel,
     * smoothed by the normalised Gaussian kernel of radius ceil(3 sigma), times alpha, whose standard deviation is
     * {@code alpha · Σ_t g(t)² / sqrt(3)} away from the border; here as strong at the border; bounded by
     * {@code alpha / max(1, sigma)}; smooth (neighbours close).
     */
    @Test
    void theElasticFieldHasTheSmoothedNoisesSpreadEverywhereIsBoundedAndSmooth() {
        double alpha = 34;
        for (double sigma : new double[] {4, 2.5, 0.8}) {
            int r = (int) Math.ceil(3 * sigma);
            double norm = 0;
            double squares = 0;
            for (int t = -r; t <= r; t++) {
                norm += Math.exp(-t * t / (2 * sigma * sigma));
            }
            for (int t = -r; t <= r; t++) {
                double g = Math.exp(-t * t / (2 * sigma * sigma)) / norm;
                squares += g * g;
            }
            double expected = alpha * squares / Math.sqrt(3);
            Augmentation a = elastic(alpha, sigma);
            int fields = 3000;
            double centre = 0;
            double corner = 0;
            double steps = 0;
            double largest = 0;
            int middle = SIDE / 2 * SIDE + SIDE / 2;
            for (int i = 0; i < fields; i++) {
                for (float[] d : a.displacement(11, 1, i, SIDE, SIDE)) {
                    centre += d[middle] * d[middle];
                    corner += d[0] * d[0];
                    steps += (d[middle + 1] - d[middle]) * (d[middle + 1] - d[middle]);
                    for (float v : d) {
                        largest = Math.max(largest, Math.abs(v));
                    }
                }
            }
            double centreSd = Math.sqrt(centre / (2 * fields));
            double cornerSd = Math.sqrt(corner / (2 * fields));
            double stepSd = Math.sqrt(steps / (2 * fields));
            assertEquals(expected, centreSd, 0.05 * expected, "sigma " + sigma + ": spread in the middle");
            assertEquals(expected, cornerSd, 0.05 * expected, "sigma " + sigma + ": spread at the corner");
            assertTrue(largest <= alpha / Math.max(1, sigma) * 1.001, "sigma " + sigma + ": largest " + largest);
            if (sigma >= 2) {
                // a Gaussian correlation of width sigma·sqrt(2): neighbours differ by about sqrt(2(1 − e^(−1/4σ²)))
                double smooth = Math.sqrt(2 * (1 - Math.exp(-1 / (4 * sigma * sigma))));
                assertEquals(smooth, stepSd / centreSd, 0.3 * smooth, "sigma " + sigma + ": neighbours");
            }
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
