package org.lenetlab.io;

import java.nio.file.Path;

/**
 * An input file refused before or while it was read: the message is one line, {@code <file>: <problem>}, naming the
 * file, what it is and the limit it breaks.
 */
public final class InputFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /** {@code file} is refused because of {@code problem} (one line, without the file's name). */
    public InputFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The refused file. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file's name, e.g. {@code is a FIFO, not a regular file; ...}. */
    public String problem() {
        return problem;
    }
}
