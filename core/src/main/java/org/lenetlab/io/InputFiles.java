package org.lenetlab.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one guarded way LeNet Lab reads a file a user gives it. Before a file is opened it must be a regular file (or
 * a symlink to one) no larger than its {@link InputKind}'s limit, and reading it must fit in the {@link HeapBudget}:
 * directories, devices, FIFOs and sockets are refused before opening, so nothing blocks on them and nothing reads
 * without end. Every refusal is an {@link InputFileException} with one line naming the file, what it is and the limit.
 *
 * <p>{@link #bounded} guards a stream that inflates (gzip, a ZIP entry) with the size its header implies.
 */
public final class InputFiles {
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    private InputFiles() {
    }

    /**
     * Checks {@code file} without opening it: it exists, is a regular file (symlinks followed), is at most
     * {@code kind.maxBytes()} and reading it fits in the heap budget.
     *
     * @return its size in bytes
     * @throws InputFileException naming the file and what is wrong
     */
    public static long check(Path file, InputKind kind) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputFileException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new InputFileException(file, "cannot be read: permission denied");
        } catch (FileSystemException e) {
            throw new InputFileException(file, "cannot be read: " + (e.getReason() == null ? "" : e.getReason()));
        } catch (IOException e) {
            throw new InputFileException(file, "cannot be read: " + e.getMessage());
        }
        if (!attributes.isRegularFile()) {
            throw new InputFileException(file, "is " + typeOf(file, attributes) + ", not a regular file; a "
                    + kind.description() + " must be a regular file (or a symlink to one) of at most " + kind.limitText());
        }
        long size = attributes.size();
        if (size > kind.maxBytes()) {
            throw tooLarge(file, kind, size);
        }
        if (kind.heapPerByte() > 0) {
            HeapBudget.require(file, size * kind.heapPerByte(),
                    String.format(Locale.ROOT, "reading this %,d-byte %s", size, kind.description()));
        }
        return size;
    }

    /**
     * Reads all of {@code file} after {@link #check}; stops with the same refusal if it grows past the limit while
     * being read.
     */
    public static byte[] readAllBytes(Path file, InputKind kind) {
        try (InputStream in = open(file, kind)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /**
     * Opens {@code file} after {@link #check}. The stream fails with the refusal should the file grow past
     * {@code kind.maxBytes()} while it is read.
     */
    public static InputStream open(Path file, InputKind kind) {
        check(file, kind);
        try {
            return bounded(Files.newInputStream(file), kind.maxBytes(),
                    () -> new InputFileException(file, "grew past " + kind.limitText() + " while being read; a "
                            + kind.description() + " may be at most " + kind.limitText()));
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /**
     * {@code in} limited to {@code limit} bytes: reading the byte after the last one allowed throws what
     * {@code overflow} supplies, and never returns it. For streams that inflate (gzip, ZIP entries), with the size
     * their header or index implies as the limit; then at most {@code limit + 1} bytes are ever inflated.
     */
    public static InputStream bounded(InputStream in, long limit, Supplier<? extends RuntimeException> overflow) {
        return new Bounded(in, limit, overflow);
    }

    /** A refusal of {@code file} for having {@code size} bytes, more than {@code kind} allows. */
    public static InputFileException tooLarge(Path file, InputKind kind, long size) {
        return new InputFileException(file, String.format(Locale.ROOT, "is %s; a %s may be at most %s",
                InputKind.bytes(size), kind.description(), kind.limitText()));
    }

    private static InputFileException cannotRead(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new InputFileException(file, "cannot be read: permission denied");
        }
        return new InputFileException(file, "cannot be read: " + e.getMessage());
    }

    /** What a file that is not a regular file is: a directory, a FIFO, a socket, a device. */
    private static String typeOf(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            switch (mode & FILE_TYPE_MASK) {
                case FIFO:
                    return "a FIFO (named pipe)";
                case CHARACTER_DEVICE:
                    return "a character device";
                case BLOCK_DEVICE:
                    return "a block device";
                case SOCKET:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix view here: say what is known
        }
        return "a device, FIFO or socket";
    }

    /** A stream that refuses to deliver more than its limit. */
    private static final class Bounded extends FilterInputStream {
        private final Supplier<? extends RuntimeException> overflow;
        private long remaining;

        Bounded(InputStream in, long limit, Supplier<? extends RuntimeException> overflow) {
            super(in);
            this.remaining = limit;
            this.overflow = overflow;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return atLimit();
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return atLimit();
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        /** At the limit: the end of the stream is fine, one more byte is not. */
        private int atLimit() throws IOException {
            if (in.read() < 0) {
                return -1;
            }
            throw overflow.get();
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, Math.max(0, remaining)));
            remaining -= Math.max(0, skipped);
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), Math.max(0, remaining));
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
