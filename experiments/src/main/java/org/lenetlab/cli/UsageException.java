package org.lenetlab.cli;

/** A command used wrongly in a way picocli cannot see (e.g. an output directory that is a file). */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
