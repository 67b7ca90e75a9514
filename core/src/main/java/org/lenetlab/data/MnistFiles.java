package org.lenetlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four MNIST files, found and verified against their manifest; each may be plain or gzip.
 *
 * @param manifest  what the files were checked against
 * @param directory the directory holding them
 * @param paths     file name → the verified file, in manifest order
 * @param sha256    file name → SHA-256 of its uncompressed bytes as computed when verifying, lowercase hex
 * @param source    where they came from, e.g. {@code --data-dir /data/mnist} or {@code cache /home/me/.cache/…}
 */
public record MnistFiles(MnistManifest manifest, Path directory, Map<String, Path> paths, Map<String, String> sha256,
                         String source) {
    /** Checks that every file of the manifest has a path and a checksum, and keeps ordered copies. */
    public MnistFiles {
        for (DataFile file : manifest.files()) {
            if (!paths.containsKey(file.name()) || !sha256.containsKey(file.name())) {
                throw new IllegalArgumentException("no verified file for " + file.name());
            }
        }
        paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
        sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    }

    /**
     * Finds each file of {@code manifest} in {@code dir}, plain or as {@code <name>.gz}, and verifies it.
     *
     * @param origin names the directory in messages, e.g. {@code --data-dir /data/mnist}; becomes the source
     * @throws DataException naming the file and directory when a file is missing or wrong
     */
    public static MnistFiles verify(MnistManifest manifest, Path dir, String origin) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(origin + ": " + dir + " is not a directory");
        }
        Map<String, Path> paths = new LinkedHashMap<>();
        Map<String, String> sha256 = new LinkedHashMap<>();
        for (DataFile file : manifest.files()) {
            Path path = FileChecks.locate(dir, file).orElseThrow(() -> new DataException(origin + ": "
                    + file.name() + " is missing from " + dir + " (looked for " + file.name() + " and "
                    + file.gzName() + ")"));
            try {
                sha256.put(file.name(), FileChecks.verify(file, path));
            } catch (DataException e) {
                throw new DataException(origin + ": " + e.getMessage(), e);
            }
            paths.put(file.name(), path);
        }
        return new MnistFiles(manifest, dir, paths, sha256, origin);
    }

    /** The verified path of {@code file}. */
    public Path path(DataFile file) {
        return paths.get(file.name());
    }
}
