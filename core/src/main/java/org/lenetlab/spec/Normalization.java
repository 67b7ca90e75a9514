package org.lenetlab.spec;

/**
 * Input normalisation: pixels are first scaled to [0, 1], then {@code (x - mean) / std}.
 *
 * @param mean subtracted after scaling, default 0
 * @param std  divided by after subtracting, default 1
 */
public record Normalization(Double mean, Double std) {
    /** Pixels in [0, 1] unchanged. */
    public static final Normalization NONE = new Normalization(0.0, 1.0);

    /** Applies the defaults. */
    public Normalization {
        mean = mean == null ? 0.0 : mean;
        std = std == null ? 1.0 : std;
    }
}
