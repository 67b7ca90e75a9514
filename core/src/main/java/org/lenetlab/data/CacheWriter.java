package org.lenetlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Puts one file into the cache all or nothing: it is written, uncompressed, to a temporary file in the cache
 * directory, checked against its expected size and SHA-256, forced to disk and only then renamed atomically to its
 * name. On any failure the temporary file is deleted.
 */
final class CacheWriter {
    private CacheWriter() {
    }

    /**
     * Writes the uncompressed bytes of {@code source} (plain or gzip) as {@code dir/file.name()} and returns their
     * SHA-256; closes {@code source}.
     *
     * @param origin names where the bytes come from in error messages, e.g. a URL
     * @throws DataException naming {@code origin} and the file when it cannot be read or written, is truncated, too
     *                       long or has the wrong checksum; nothing is left behind then
     */
    static String write(DataFile file, Path dir, InputStream source, String origin) {
        Path temp = null;
        boolean done = false;
        try (source) {
            // Created with the default permissions: Files.createTempFile would make the cached file owner-only.
            temp = Files.createFile(dir.resolve("." + file.name() + "." + java.util.UUID.randomUUID() + ".part"));
            MessageDigest digest = FileChecks.sha256();
            long size = 0;
            try (InputStream in = Compression.uncompressed(source);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[Compression.BUFFER];
                ByteBuffer wrapped = ByteBuffer.wrap(buffer);
                for (int n; (n = in.read(buffer)) > 0; ) {
                    size += n;
                    if (size > file.size()) {
                        throw new DataException(String.format(Locale.ROOT, "%s: %s is longer than the expected %,d "
                                + "bytes", origin, file.name(), file.size()));
                    }
                    digest.update(buffer, 0, n);
                    wrapped.clear().limit(n);
                    while (wrapped.hasRemaining()) {
                        out.write(wrapped);
                    }
                }
                out.force(true);
            }
            if (size != file.size()) {
                throw new DataException(String.format(Locale.ROOT, "%s: %s is truncated, %,d of %,d bytes", origin,
                        file.name(), size, file.size()));
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (!sha256.equals(file.sha256())) {
                throw FileChecks.wrongChecksum(file, origin + ": " + file.name(), sha256);
            }
            Files.move(temp, dir.resolve(file.name()), StandardCopyOption.ATOMIC_MOVE);
            done = true;
            forceDirectory(dir);
            return sha256;
        } catch (IOException e) {
            throw new DataException(origin + ": " + file.name() + ": " + Problems.describe(e), e);
        } finally {
            if (!done && temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // Nothing more to do; the name marks it as a temporary file.
                }
            }
        }
    }

    /**
     * Deletes temporary files of {@code file} older than {@code age}, left by a process that was killed while
     * downloading; younger ones may belong to a download in progress.
     */
    static void deleteStaleTemporaries(Path dir, DataFile file, Duration age) {
        Instant cutoff = Instant.now().minus(age);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "." + file.name() + ".*.part")) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            // Leftovers waste space but do no harm.
        }
    }

    /** Forces the rename to disk where the platform allows opening a directory; elsewhere a no-op. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (e.g. Windows); the file itself is already on disk.
        }
    }
}
