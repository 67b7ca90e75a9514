package org.lenetlab.spec;

/**
 * The shape of one input image.
 *
 * @param channels channels, default 1
 * @param height   height in pixels, default 28
 * @param width    width in pixels, default 28
 */
public record InputSpec(Integer channels, Integer height, Integer width) {
    /** MNIST's 1×28×28. */
    public static final InputSpec MNIST = new InputSpec(1, 28, 28);

    /** Applies the defaults. */
    public InputSpec {
        channels = channels == null ? 1 : channels;
        height = height == null ? 28 : height;
        width = width == null ? 28 : width;
    }
}
