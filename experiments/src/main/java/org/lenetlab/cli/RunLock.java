package org.lenetlab.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run's output directory ({@code DIR/.lock}), so that two runs (a run and a resume of it,
 * say) never write the same results at once. The operating system releases it when the process ends, however it
 * ends, so a killed run never leaves the directory locked. The empty file stays: deleting it could let two
 * processes lock two different files of the same name.
 */
final class RunLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code outDir}, creating it if needed.
     *
     * @throws UsageException when another run holds the lock, or the lock file is not a regular file
     */
    static RunLock acquire(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(FILE_NAME);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // opening a FIFO for writing would block until a reader comes
            throw new UsageException(file + ": the run lock is not a regular file (a directory, FIFO, device or"
                    + " socket); remove it");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new UsageException(outDir + " is in use by another lenet run; wait for it to end or stop it");
        }
        return new RunLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // released when the process ends anyway
        }
    }
}
