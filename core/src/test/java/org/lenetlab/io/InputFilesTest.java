package org.lenetlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guarded input path: what it lets through, what it refuses, and how it says so. */
class InputFilesTest {
    private static final InputKind SMALL = new InputKind("test file", 100, 0);

    @TempDir
    Path dir;

    @Test
    void readsARegularFileAndASymlinkToOne() throws IOException {
        Path file = Files.writeString(dir.resolve("a.json"), "{\"a\": 1}");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), file);

        assertArrayEquals(Files.readAllBytes(file), InputFiles.readAllBytes(file, SMALL));
        assertArrayEquals(Files.readAllBytes(file), InputFiles.readAllBytes(link, SMALL));
        assertEquals(8, InputFiles.check(link, SMALL));
    }

    @Test
    void refusesAFifoBeforeOpeningItSoNothingBlocks() throws Exception {
        Path fifo = fifo(dir.resolve("pipe"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), fifo);

        for (Path p : new Path[] {fifo, link}) {
            InputFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(InputFileException.class, () -> InputFiles.readAllBytes(p, InputKind.SPEC)));
            assertEquals(p + ": is a FIFO (named pipe), not a regular file; a spec file must be a regular file (or a"
                    + " symlink to one) of at most 4 MiB (4,194,304 bytes)", e.getMessage());
            assertEquals(p, e.file());
        }
    }

    @Test
    void refusesADirectoryADeviceAndASocketNamingWhatTheyAre() throws IOException {
        assertRefused(dir, "is a directory, not a regular file; a test file must be a regular file (or a symlink to"
                + " one) of at most 100 bytes");
        assertRefused(Path.of("/dev/zero"), "is a character device, not a regular file");
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertRefused(socket, "is a socket, not a regular file");
        }
    }

    @Test
    void refusesAFileLargerThanItsKindAllowsWithoutReadingIt() throws IOException {
        Path sparse = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(5L << 30); // 5 GiB on paper, nothing on disk
        }
        InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readAllBytes(sparse, InputKind.SPEC));
        assertEquals(sparse + ": is 5 GiB (5,368,709,120 bytes); a spec file may be at most 4 MiB (4,194,304 bytes)",
                e.getMessage());

        Path justOver = Files.write(dir.resolve("101"), new byte[101]);
        assertRefused(justOver, "is 101 bytes; a test file may be at most 100 bytes");
        assertEquals(100, InputFiles.readAllBytes(Files.write(dir.resolve("100"), new byte[100]), SMALL).length);
    }

    @Test
    void refusesAJsonFileWhoseWorstCaseTreeWouldNotFitInTheHeap() throws IOException {
        long perByte = HeapBudget.bytes() / 1000 + 1; // so that a 1,000-byte file needs more than the budget
        InputKind json = new InputKind("json file", 10_000, (int) Math.min(Integer.MAX_VALUE, perByte));
        Path file = Files.write(dir.resolve("x.json"), new byte[1000]);

        InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.check(file, json));
        assertTrue(e.getMessage().startsWith(file + ": reading this 1,000-byte json file needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("more than half of this JVM's maximum heap"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("none.json");
        InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.check(missing, SMALL));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void aBoundedStreamDeliversUpToItsLimitAndRefusesTheByteAfter() throws IOException {
        byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = InputFiles.bounded(new ByteArrayInputStream(ten), 10, IllegalStateException::new)) {
            assertArrayEquals(ten, in.readAllBytes());
        }
        try (InputStream in = InputFiles.bounded(new ByteArrayInputStream(ten), 9,
                () -> new IllegalStateException("past 9"))) {
            assertEquals("012345678", new String(in.readNBytes(9), StandardCharsets.US_ASCII));
            IllegalStateException e = assertThrows(IllegalStateException.class, in::read);
            assertEquals("past 9", e.getMessage());
        }
    }

    @Test
    void aGzipBombStopsAtTheLimitInsteadOfInflatingWhole() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros); // 64 MiB of zeros, about 64 kB packed
            }
        }
        long[] delivered = {0};
        try (InputStream in = InputFiles.bounded(new GZIPInputStream(new ByteArrayInputStream(packed.toByteArray())),
                1 << 20, () -> new IllegalStateException("inflates past 1 MiB"))) {
            byte[] buffer = new byte[8192];
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    delivered[0] += n;
                }
            });
            assertEquals("inflates past 1 MiB", e.getMessage());
        }
        assertEquals(1 << 20, delivered[0]);
    }

    @Test
    void theHeapBudgetRefusesWhatCannotFit() {
        Path file = dir.resolve("x.png");
        HeapBudget.require(file, 1000, "a little");
        InputFileException e = assertThrows(InputFileException.class,
                () -> HeapBudget.require(file, Runtime.getRuntime().maxMemory(), "decoding its 100,000×100,000 pixels"));
        assertTrue(e.getMessage().startsWith(file + ": decoding its 100,000×100,000 pixels needs about "), e.getMessage());
        assertTrue(e.getMessage().endsWith("give Java more heap (-Xmx) to read it"), e.getMessage());
    }

    private void assertRefused(Path file, String problem) {
        InputFileException e = assertThrows(InputFileException.class, () -> InputFiles.readAllBytes(file, SMALL));
        assertTrue(e.getMessage().startsWith(file + ": " + problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    /** Makes a FIFO with mkfifo(1). */
    static Path fifo(Path path) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            if (p.waitFor() != 0 || !Files.exists(path)) {
                throw new IOException("mkfifo failed for " + path);
            }
            return path;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
