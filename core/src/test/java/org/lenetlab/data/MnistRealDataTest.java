package org.lenetlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the real files; the first run may download them into the user cache. */
class MnistRealDataTest {
    @Test
    void theRealFilesAreMnist() {
        long start = System.nanoTime();
        Mnist mnist = MnistTestData.load();
        System.err.printf("[MnistRealDataTest] fetched, verified and loaded MNIST in %.2f s%n",
                (System.nanoTime() - start) / 1e9);

        check(mnist.train(), 60_000, new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949});
        check(mnist.test(), 10_000, new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009});
        assertEquals(5, mnist.train().label(0));
        assertEquals(7, mnist.test().label(0));

        Map<String, String> expected = new LinkedHashMap<>();
        MnistManifest.STANDARD.files().forEach(f -> expected.put(f.name(), f.sha256()));
        assertEquals(expected, mnist.sha256());
        assertSame(mnist, MnistTestData.load());
    }

    private static void check(ImageSet set, int count, int[] labelCounts) {
        assertEquals(count, set.count());
        assertEquals(28, set.rows());
        assertEquals(28, set.cols());
        assertEquals(count * 28 * 28, set.pixels().length);
        assertArrayEquals(labelCounts, set.labelCounts(IdxReader.CLASSES));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : set.pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }
}
