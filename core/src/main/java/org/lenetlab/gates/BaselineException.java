package org.lenetlab.gates;

/** A baseline file that is missing, unreadable or not a baseline; the message is one line naming the file. */
public final class BaselineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message. */
    public BaselineException(String message) {
        super(message);
    }
}
