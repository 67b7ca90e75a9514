package org.lenetlab.reports;

/**
 * Summary statistics of a few values (e.g. one metric over seeds).
 *
 * @param n    how many values
 * @param mean their mean
 * @param std  their sample standard deviation (divisor n − 1), 0 for a single value
 * @param min  the smallest
 * @param max  the largest
 */
record Stats(int n, double mean, double std, double min, double max) {

    /** The statistics of {@code values}, which must not be empty. */
    static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
        return new Stats(values.length, mean, std, min, max);
    }
}
