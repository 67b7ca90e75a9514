package org.lenetlab.data;

import java.nio.file.Path;

/** Reads the four verified MNIST files into memory. */
public final class MnistLoader {
    private MnistLoader() {
    }

    /** Reads verified files; their checksums are the ones computed when verifying, not computed again. */
    public static Mnist load(MnistFiles files) {
        MnistManifest m = files.manifest();
        ImageSet train = IdxReader.readImageSet(files.path(m.trainImages()), files.path(m.trainLabels()));
        ImageSet test = IdxReader.readImageSet(files.path(m.testImages()), files.path(m.testLabels()));
        return new Mnist(train, test, files.sha256());
    }

    /**
     * Verifies the standard files in {@code dir} (plain or {@code .gz}) against their SHA-256, then reads them.
     *
     * @throws DataException naming the file when one is missing, wrong or unreadable
     */
    public static Mnist load(Path dir) {
        return load(dir, MnistManifest.STANDARD);
    }

    /** Verifies the files of {@code manifest} in {@code dir}, then reads them. */
    public static Mnist load(Path dir, MnistManifest manifest) {
        return load(MnistFiles.verify(manifest, dir, "MNIST directory " + dir));
    }
}
