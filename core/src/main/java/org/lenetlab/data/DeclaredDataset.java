package org.lenetlab.data;

import java.util.LinkedHashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A data set the user declares by its four IDX files (plain or gzip), checked against the SHA-256s the user gives
 * of their uncompressed bytes (unless the user opted out), against the declared image shape and against the number
 * of classes.
 *
 * @param name       the data set's name, in messages and provenance
 * @param files      role ({@code trainImages}, {@code trainLabels}, {@code testImages}, {@code testLabels}) → the
 *                   file, in that order
 * @param sha256     role → the expected SHA-256, lowercase hex; empty when the user opted out of checking
 * @param classes    the number of classes; every label must lie below it
 * @param rows       the height of every image
 * @param cols       the width of every image
 */
public record DeclaredDataset(String name, Map<String, Path> files, Optional<Map<String, String>> sha256, int classes,
                              int rows, int cols) {
    /** The roles of the four files, in order. */
    public static final List<String> ROLES = List.of("trainImages", "trainLabels", "testImages", "testLabels");

    /** Largest uncompressed file read: about what a {@code float[]} can hold. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8L + 16;

    /** Checks that every role has a file (and a checksum, unless opted out) and keeps ordered copies. */
    public DeclaredDataset {
        Objects.requireNonNull(name, "name");
        Map<String, Path> f = new LinkedHashMap<>();
        for (String role : ROLES) {
            f.put(role, Objects.requireNonNull(files.get(role), role));
        }
        files = java.util.Collections.unmodifiableMap(f);
        sha256 = sha256.map(m -> {
            Map<String, String> copy = new LinkedHashMap<>();
            for (String role : ROLES) {
                copy.put(role, Objects.requireNonNull(m.get(role), role).toLowerCase(Locale.ROOT));
            }
            return java.util.Collections.unmodifiableMap(copy);
        });
        if (classes < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("bad data set shape: " + classes + " classes of " + rows + "×" + cols);
        }
    }

    /** Whether the files are checked against given checksums. */
    public boolean checked() {
        return sha256.isPresent();
    }

    /**
     * Hashes every file's uncompressed bytes, compares with the declared SHA-256s, reads the files and checks the
     * image shapes.
     *
     * @return the training and test sets; the checksums are keyed {@code <name>/<file name>}, and an unchecked data
     *         set records {@code <name>/checksums = "not checked (skipChecksums)"} first
     * @throws DataException naming the data set, the role (e.g. {@code dataset.files.trainImages}) and the file on any
     *                       mismatch or unreadable file
     */
    public Mnist load() {
        Map<String, String> digests = new LinkedHashMap<>();
        if (!checked()) {
            digests.put(name + "/checksums", "not checked (skipChecksums)");
        }
        for (String role : ROLES) {
            Path path = files.get(role);
            String actual;
            try {
                actual = FileChecks.sha256Uncompressed(path, MAX_FILE_BYTES);
            } catch (DataException e) {
                throw new DataException(where(role) + e.getMessage(), e);
            }
            if (sha256.isPresent() && !actual.equals(sha256.get().get(role))) {
                throw new DataException(where(role) + path + ": SHA-256 " + actual + " differs from the declared "
                        + sha256.get().get(role));
            }
            digests.put(name + "/" + path.getFileName(), actual);
        }
        ImageSet train = read("train", files.get("trainImages"), files.get("trainLabels"));
        ImageSet test = read("test", files.get("testImages"), files.get("testLabels"));
        return new Mnist(train, test, digests);
    }

    private ImageSet read(String set, Path images, Path labels) {
        ImageSet read;
        try {
            read = IdxReader.readImageSet(images, labels, classes);
        } catch (DataException e) {
            throw new DataException("data set '" + name + "' (" + set + " set): " + e.getMessage(), e);
        }
        if (read.rows() != rows || read.cols() != cols) {
            throw new DataException(where(set + "Images") + images + ": images are " + read.rows() + "×" + read.cols()
                    + " but dataset.imageShape says " + rows + "×" + cols);
        }
        if (read.count() == 0) {
            throw new DataException(where(set + "Images") + images + ": holds no images");
        }
        return read;
    }

    private String where(String role) {
        return "data set '" + name + "', dataset.files." + role + ": ";
    }
}
