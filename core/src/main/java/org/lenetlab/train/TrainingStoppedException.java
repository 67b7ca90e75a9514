package org.lenetlab.train;

/** Training was asked to stop (e.g. Ctrl-C) and stopped at a batch boundary. */
public final class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Stopped before batch {@code batch} of epoch {@code epoch}. */
    public TrainingStoppedException(int epoch, int batch) {
        super("stopped on request before epoch " + epoch + ", batch " + batch);
    }
}
