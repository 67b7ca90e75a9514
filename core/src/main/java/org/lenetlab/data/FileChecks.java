package org.lenetlab.data;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.lenetlab.io.InputFileException;
import org.lenetlab.io.InputFiles;

/** Finds data files in a directory and checks them against their expected size and SHA-256. */
final class FileChecks {
    private FileChecks() {
    }

    /**
     * {@code dir/name} if it exists, else {@code dir/name.gz} if that does, else empty. What is found is checked
     * when it is read ({@link #verify}): something other than a regular file is refused then, not skipped.
     */
    static Optional<Path> locate(Path dir, DataFile file) {
        for (String name : new String[] {file.name(), file.gzName()}) {
            Path path = dir.resolve(name);
            if (Files.exists(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks {@code path}, plain or gzip, against {@code expected} and returns the SHA-256 of its uncompressed bytes.
     *
     * @throws DataException naming the file when it cannot be read, or its size or checksum is wrong
     */
    static String verify(DataFile expected, Path path) {
        try (InputStream in = Compression.openUncompressed(path)) {
            String sha256;
            if (Compression.isGzip(in)) {
                sha256 = hashStream(expected, path, in);
            } else {
                long size = Files.size(path);
                if (size != expected.size()) {
                    throw wrongSize(expected, path, size, false);
                }
                // OLCUT logs and hashes what it could read on an I/O error; the comparison below then fails.
                sha256 = ProvenanceUtil.hashResource(ProvenanceUtil.HashType.SHA256, path).toLowerCase(Locale.ROOT);
            }
            if (!sha256.equals(expected.sha256())) {
                throw wrongChecksum(expected, path.toString(), sha256);
            }
            return sha256;
        } catch (IOException e) {
            throw IdxStream.cannotRead(path, e);
        } catch (InputFileException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /** Hashes the inflating {@code in}, which is stopped at the first byte past the expected size. */
    private static String hashStream(DataFile expected, Path path, InputStream gzip) throws IOException {
        InputStream in = InputFiles.bounded(gzip, expected.size(), () -> new DataException(String.format(Locale.ROOT,
                "%s: inflates to more than the expected %,d bytes", path, expected.size())));
        MessageDigest digest = sha256();
        byte[] buffer = new byte[Compression.BUFFER];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            size += n;
        }
        if (size != expected.size()) {
            throw wrongSize(expected, path, size, true);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The SHA-256 of the uncompressed bytes of {@code path}, plain or gzip, for files whose size is not known in
     * advance; reading stops with an error past {@code maxBytes} uncompressed bytes.
     *
     * @throws DataException naming the file when it cannot be read or is too long
     */
    static String sha256Uncompressed(Path path, long maxBytes) {
        try (InputStream in = Compression.openUncompressed(path)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[Compression.BUFFER];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > maxBytes) {
                    throw new DataException(String.format(Locale.ROOT, "%s: longer than %,d bytes uncompressed",
                            path, maxBytes));
                }
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw IdxStream.cannotRead(path, e);
        }
    }

    /** A new SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static DataException wrongSize(DataFile expected, Path path, long size, boolean gzip) {
        return new DataException(String.format(Locale.ROOT, "%s: %,d bytes%s, expected %,d", path, size,
                gzip ? " uncompressed" : "", expected.size()));
    }

    /** A checksum mismatch of {@code what}, which names the file. */
    static DataException wrongChecksum(DataFile expected, String what, String sha256) {
        return new DataException(what + ": SHA-256 " + sha256 + " differs from the expected " + expected.sha256());
    }
}
