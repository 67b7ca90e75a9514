package org.lenetlab.plan;

/**
 * What is done to every image, after the experiment's normalisation, before the model sees it: {@code padding}
 * background pixels on every side, then every value x becomes {@code background + x · (foreground − background)}.
 *
 * @param padding    pixels added on every side
 * @param background the value of a background pixel (and of the padding)
 * @param foreground the value of a full-ink pixel
 */
public record Preprocessing(int padding, double background, double foreground) {
    /** Leaves images unchanged. */
    public static final Preprocessing IDENTITY = new Preprocessing(0, 0.0, 1.0);

    /** Whether this leaves images unchanged. */
    public boolean isIdentity() {
        return padding == 0 && background == 0.0 && foreground == 1.0;
    }
}
