package org.lenetlab.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipException;
import org.lenetlab.io.InputFileException;

/** One IDX file being read, plain or gzip, with errors that name the file. */
final class IdxStream implements Closeable {
    private final Path file;
    private final InputStream in;
    private final long plainSize;
    private long position;

    private IdxStream(Path file, InputStream in, long plainSize) {
        this.file = file;
        this.in = in;
        this.plainSize = plainSize;
    }

    /** Opens {@code file}. */
    static IdxStream open(Path file) {
        try {
            InputStream in = Compression.openUncompressed(file);
            return new IdxStream(file, in, Compression.isGzip(in) ? -1 : Files.size(file));
        } catch (IOException e) {
            throw cannotRead(file, e);
        } catch (InputFileException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /**
     * Reads the header: the magic number, which must be {@code magic}, then {@code dims} dimensions, each checked
     * to be non-negative.
     */
    int[] header(int magic, int dims, String kind) {
        byte[] bytes = new byte[4 + 4 * dims];
        int got = read(bytes, 0, bytes.length);
        if (got >= 4 && readInt(bytes, 0) != magic) {
            throw new DataException(String.format(Locale.ROOT, "%s: not an IDX %s file (magic 0x%08x, expected 0x%08x)",
                    file, kind, readInt(bytes, 0), magic));
        }
        if (got < bytes.length) {
            throw truncated(bytes.length);
        }
        int[] header = new int[dims];
        for (int i = 0; i < dims; i++) {
            header[i] = readInt(bytes, 4 + 4 * i);
            if (header[i] < 0) {
                throw new DataException(file + ": absurd IDX header, dimension " + i + " is " + header[i]);
            }
        }
        return header;
    }

    /** Fails now if a plain file's size is not {@code expectedSize}, before anything large is allocated. */
    void expectSize(long expectedSize) {
        if (plainSize >= 0 && plainSize < expectedSize) {
            throw truncated(expectedSize, plainSize);
        }
        if (plainSize > expectedSize) {
            throw tooLong(expectedSize);
        }
    }

    /** Reads exactly {@code length} bytes into {@code buffer}, failing if the file ends first. */
    void readFully(byte[] buffer, int offset, int length, long expectedSize) {
        if (read(buffer, offset, length) < length) {
            throw truncated(expectedSize);
        }
    }

    /**
     * Reads exactly {@code length} bytes into a new array, failing if the file ends first; allocates only as much
     * as there is to read.
     */
    byte[] readUpTo(int length, long expectedSize) {
        try {
            byte[] bytes = in.readNBytes(length);
            position += bytes.length;
            if (bytes.length < length) {
                throw truncated(expectedSize);
            }
            return bytes;
        } catch (EOFException e) {
            throw truncatedGzip(e);
        } catch (ZipException e) {
            throw corruptGzip(e);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** Whether the file is gzip-compressed, so that its uncompressed size is unknown until read. */
    boolean isGzip() {
        return plainSize < 0;
    }

    /** Fails unless the file ends here. */
    void expectEnd(long expectedSize) {
        try {
            if (in.read() >= 0) {
                throw tooLong(expectedSize);
            }
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    private int read(byte[] buffer, int offset, int length) {
        try {
            int got = in.readNBytes(buffer, offset, length);
            position += got;
            return got;
        } catch (EOFException e) {
            throw truncatedGzip(e);
        } catch (ZipException e) {
            throw corruptGzip(e);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    private DataException truncatedGzip(EOFException e) {
        return new DataException(file + ": truncated gzip data after " + position + " uncompressed bytes", e);
    }

    private DataException corruptGzip(ZipException e) {
        return new DataException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }

    private DataException truncated(long expectedSize) {
        return truncated(expectedSize, position);
    }

    private DataException truncated(long expectedSize, long actualSize) {
        return new DataException(String.format(Locale.ROOT, "%s: truncated, expected %,d bytes but %s %,d", file,
                expectedSize, plainSize >= 0 ? "the file has" : "it uncompresses to", actualSize));
    }

    private DataException tooLong(long expectedSize) {
        return new DataException(String.format(Locale.ROOT, "%s: longer than its header says (%,d bytes)%s", file,
                expectedSize, plainSize >= 0 ? String.format(Locale.ROOT, ", the file has %,d", plainSize) : ""));
    }

    static DataException cannotRead(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(file + ": no such file", e);
        }
        if (e instanceof java.util.zip.ZipException) {
            return new DataException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new DataException(file + ": cannot read: permission denied", e);
        }
        return new DataException(file + ": cannot read: " + e.getMessage(), e);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }
}
