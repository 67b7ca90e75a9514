package org.lenetlab.checkpoint;

/** A checkpoint file that cannot be read or does not fit; the message is one line naming the file. */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public CheckpointException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
