package org.lenetlab.data;

import java.util.Locale;
import java.util.Objects;

/**
 * One expected data file: its name, and the size and SHA-256 of its uncompressed bytes.
 *
 * @param name   the file name, without {@code .gz}
 * @param size   the uncompressed size in bytes
 * @param sha256 the SHA-256 of the uncompressed bytes, lowercase hex
 */
public record DataFile(String name, long size, String sha256) {
    /** Checks the values and normalises the checksum to lowercase. */
    public DataFile {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException(name + ": negative size " + size);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": not a SHA-256 in hex: '" + sha256 + "'");
        }
    }

    /** The name of the gzip-compressed form, {@code name + ".gz"}. */
    public String gzName() {
        return name + ".gz";
    }
}
