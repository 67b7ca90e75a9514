package org.lenetlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST from the files of Debian's package {@code dataset-fashion-mnist}, which CI installs: Debian
 * recompressed the gzip files, so they are checked on their uncompressed bytes, copied uncompressed into the cache,
 * and read to the data set's known label counts (6,000 per class in training, 1,000 in test).
 */
class FashionMnistTest {
    @TempDir
    Path cache;

    private static final Function<String, String> NO_ENVIRONMENT = name -> null;

    @Test
    void fetchedFromTheDebianFilesIntoTheCacheAndChecked() throws IOException {
        Path debian = KnownDataset.DEBIAN_FASHION_MNIST;
        if (System.getenv("CI") != null) {
            assertTrue(Files.isDirectory(debian), "CI installs Debian's dataset-fashion-mnist: " + debian);
        }
        assumeTrue(Files.isDirectory(debian), "Debian's dataset-fashion-mnist is not installed (CI installs it)");
        RecordingListener listener = new RecordingListener();
        MnistFetcher fetcher = new MnistFetcher(KnownDataset.FASHION_MNIST, List.of(), List.of(debian), cache,
                NO_ENVIRONMENT, listener);
        MnistFiles files = fetcher.fetch();
        assertTrue(files.source().contains(debian.toString()), files.source());
        for (DataFile file : KnownDataset.FASHION_MNIST_FILES.files()) {
            assertEquals(file.sha256(), files.sha256().get(file.name()));
            Path cached = cache.resolve(file.name());
            assertEquals(file.size(), Files.size(cached), "cached uncompressed");
        }
        Mnist data = MnistLoader.load(files);
        int[] trainCounts = new int[10];
        Arrays.fill(trainCounts, 6000);
        int[] testCounts = new int[10];
        Arrays.fill(testCounts, 1000);
        assertArrayEquals(trainCounts, data.train().labelCounts(10));
        assertArrayEquals(testCounts, data.test().labelCounts(10));

        // a second fetch uses the cache alone
        MnistFiles again = new MnistFetcher(KnownDataset.FASHION_MNIST, List.of(), List.of(), cache, NO_ENVIRONMENT,
                listener).fetch();
        assertEquals("cache " + cache, again.source());
    }

    @Test
    void mnistFilesAreRefusedAsFashionMnist() {
        Path mnist = MnistTestData.directory();
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class, () -> new MnistFetcher(
                KnownDataset.FASHION_MNIST, List.of(), List.of(), cache, NO_ENVIRONMENT, FetchListener.SILENT)
                .fetch(java.util.Optional.of(mnist)));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("SHA-256"),
                e.getMessage());
    }

    @Test
    void withNoSourceTheMessageNamesFashionMnistAndItsVariable() {
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class, () -> new MnistFetcher(
                KnownDataset.FASHION_MNIST, List.of(), List.of(cache.resolve("absent")), cache.resolve("c"),
                NO_ENVIRONMENT, FetchListener.SILENT).fetch());
        assertTrue(e.getMessage().startsWith("cannot get the Fashion-MNIST file(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("LENET_FASHION_MNIST_DIR=DIR"), e.getMessage());
    }
}
