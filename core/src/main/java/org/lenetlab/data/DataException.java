package org.lenetlab.data;

/** Data that cannot be found, fetched or read, with a message naming the file and the problem. */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public DataException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
