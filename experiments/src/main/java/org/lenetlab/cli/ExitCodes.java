package org.lenetlab.cli;

/** The command line's exit codes. */
final class ExitCodes {
    /** Everything worked. */
    static final int OK = 0;
    /** A cell failed, or an unexpected internal error. */
    static final int FAILED = 1;
    /** Bad input: a spec, a flag, a data file. Nothing was written. */
    static final int BAD_INPUT = 2;
    /** Stopped by SIGINT/SIGTERM. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
