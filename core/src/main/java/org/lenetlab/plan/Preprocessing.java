package org.lenetlab.plan;

/**
 * What is done to every image, after the experiment's normalisation, before the model sees it: when {@code resize}
 * is above 0, a down-sampling to {@code resize × resize} centred in a blank field of the original size; then {@code padding}
 * background pixels on every side, then every value x becomes {@code background + x · (foreground − background)}.
 *
 * @param padding    pixels added on every side
 * @param background the value of a background pixel (and of the padding)
 * @param foreground the value of a full-ink pixel
 * @param resize     the side images are down-sampled to and centred at, or 0 to keep them as they are
 */
public record Preprocessing(int padding, double background, double foreground, int resize) {
    /** Leaves images unchanged. */
    public static final Preprocessing IDENTITY = new Preprocessing(0, 0.0, 1.0);

    /** Preprocessing without a resize step. */
    public Preprocessing(int padding, double background, double foreground) {
        this(padding, background, foreground, 0);
    }

    /** Whether this leaves images unchanged. */
    public boolean isIdentity() {
        return padding == 0 && background == 0.0 && foreground == 1.0 && resize == 0;
    }
}
