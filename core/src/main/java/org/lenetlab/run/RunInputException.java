package org.lenetlab.run;

/**
 * A run that cannot start because of what the user gave (an override out of bounds, a matrix too large for memory,
 * a run directory that cannot be resumed): one line saying what and where, reported as bad input.
 */
public final class RunInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Bad input, explained by {@code message}. */
    public RunInputException(String message) {
        super(message);
    }
}
