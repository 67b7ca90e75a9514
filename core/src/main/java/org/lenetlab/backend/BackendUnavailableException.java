package org.lenetlab.backend;

/** A backend that cannot run on this machine, with the reason in its message. */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A backend unavailable for {@code reason}. */
    public BackendUnavailableException(String reason) {
        super(reason);
    }

    /** A backend unavailable for {@code reason}, caused by {@code cause}. */
    public BackendUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
