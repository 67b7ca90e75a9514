package org.lenetlab.reports;

/** A results directory that cannot be reported on: missing, without a results file, or with an unreadable one. */
public final class ReportInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message naming the path and the problem. */
    public ReportInputException(String message) {
        super(message);
    }

    /** An exception with a one-line message and its cause. */
    public ReportInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
