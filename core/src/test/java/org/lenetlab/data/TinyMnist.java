package org.lenetlab.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tiny stand-in for MNIST with the real file names: 5 training and 3 test images of 3×2 pixels. */
final class TinyMnist {
    static final int ROWS = 3;
    static final int COLS = 2;
    static final int[] TRAIN_LABELS = {5, 0, 4, 1, 9};
    static final int[] TEST_LABELS = {7, 2, 1};

    /** File name → uncompressed bytes, in manifest order. */
    final Map<String, byte[]> contents = new LinkedHashMap<>();
    final MnistManifest manifest;

    TinyMnist() {
        MnistManifest standard = MnistManifest.STANDARD;
        contents.put(standard.trainImages().name(), IdxFiles.images(5, ROWS, COLS, IdxFiles.pixels(5 * ROWS * COLS, 1)));
        contents.put(standard.trainLabels().name(), IdxFiles.labels(TRAIN_LABELS));
        contents.put(standard.testImages().name(), IdxFiles.images(3, ROWS, COLS, IdxFiles.pixels(3 * ROWS * COLS, 2)));
        contents.put(standard.testLabels().name(), IdxFiles.labels(TEST_LABELS));
        DataFile[] files = contents.entrySet().stream()
                .map(e -> IdxFiles.dataFile(e.getKey(), e.getValue())).toArray(DataFile[]::new);
        manifest = new MnistManifest(files[0], files[1], files[2], files[3]);
    }

    /** Writes the four files into {@code dir}, plain or as {@code <name>.gz}. */
    Path writeTo(Path dir, boolean gzip) {
        contents.forEach((name, bytes) -> IdxFiles.write(dir.resolve(gzip ? name + ".gz" : name),
                gzip ? IdxFiles.gzip(bytes) : bytes));
        return dir;
    }

    /** The expected checksums, file name → SHA-256. */
    Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        manifest.files().forEach(f -> sums.put(f.name(), f.sha256()));
        return sums;
    }
}
