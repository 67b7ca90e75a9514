package org.lenetlab.train;

/** Training produced a loss that is not a finite number; the message says where. */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A divergence at the given point. */
    public DivergenceException(int epoch, int batch, double loss) {
        super("training diverged: loss " + loss + " at epoch " + epoch + ", batch " + batch);
    }
}
