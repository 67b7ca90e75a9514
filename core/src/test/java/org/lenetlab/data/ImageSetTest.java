package org.lenetlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSetTest {
    private final ImageSet set = new ImageSet(3, 1, 2, new float[] {0f, 1f, 0.5f, 0.5f, 0.25f, 0.75f},
            new int[] {1, 1, 7});

    @Test
    void sharesItsArrays() {
        float[] pixels = new float[2];
        int[] labels = new int[1];
        ImageSet s = new ImageSet(1, 1, 2, pixels, labels);
        assertSame(pixels, s.pixels());
        assertSame(labels, s.labels());
    }

    @Test
    void rejectsArraysThatDoNotMatch() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(2, 1, 2, new float[3], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(2, 1, 2, new float[4], new int[3]));
    }

    @Test
    void firstKeepsAPrefix() {
        ImageSet two = set.first(2);
        assertEquals(2, two.count());
        assertArrayEquals(new float[] {0f, 1f, 0.5f, 0.5f}, two.pixels());
        assertArrayEquals(new int[] {1, 1}, two.labels());
        assertSame(set, set.first(3));
        assertSame(set, set.first(10));
        assertEquals(0, set.first(0).count());
    }

    @Test
    void normalizedIsACopy() {
        ImageSet n = set.normalized(0.5, 0.25);
        assertArrayEquals(new float[] {-2f, 2f, 0f, 0f, -1f, 1f}, n.pixels());
        assertSame(set.labels(), n.labels());
        assertEquals(0f, set.pixels()[0]);
        assertThrows(IllegalArgumentException.class, () -> set.normalized(0, 0));
    }

    @Test
    void countsLabels() {
        assertArrayEquals(new int[] {0, 2, 0, 0, 0, 0, 0, 1, 0, 0}, set.labelCounts(10));
        assertEquals(0.5, set.pixelMean(), 1e-9);
    }

    @Test
    void mnistLimitsOnlyTheTrainingSet() {
        Mnist mnist = new Mnist(set, set, Map.of("a", "b"));
        Mnist limited = mnist.withTrainLimit(1);
        assertEquals(1, limited.train().count());
        assertSame(set, limited.test());
        assertSame(mnist, mnist.withTrainLimit(null));
        assertSame(mnist, mnist.withTrainLimit(3));
        assertEquals(Map.of("a", "b"), limited.sha256());
    }
}
