package org.lenetlab.gates;

/**
 * One row of a verification: a metric of a cell, compared.
 *
 * @param cell       the cell's id (in the run being verified, when it has one)
 * @param metric     what was compared, e.g. {@code testAccuracy (epoch 2)} or {@code parameters.trainable}
 * @param baseline   the baseline's value, as shown
 * @param actual     the run's value, as shown
 * @param difference actual − baseline (and the relative change for losses), as shown
 * @param tolerance  what was allowed, e.g. {@code ±0.002}, {@code ±1%}, {@code exact}
 * @param verdict    whether it passed
 */
public record Check(String cell, String metric, String baseline, String actual, String difference, String tolerance,
                    Verdict verdict) {

    /** The outcome of a check. */
    public enum Verdict {
        /** Within tolerance. */
        PASS("pass"),
        /** Outside tolerance, or a cell missing on one side: verification fails. */
        FAIL("FAIL"),
        /** Reported only (the trained weights' digest): never fails verification. */
        INFO("info");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** How tables show it. */
        public String label() {
            return label;
        }
    }

    /** Whether this row fails verification. */
    public boolean failed() {
        return verdict == Verdict.FAIL;
    }
}
