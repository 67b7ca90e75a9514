package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What is done to every image (after the experiment's normalisation) before the model sees it, as LeCun et al. did
 * for LeNet-5: the image is extended on every side by {@code padding} background pixels, then every value x becomes
 * {@code background + x · (foreground − background)}, so that a background pixel (0) becomes {@code background} and
 * full ink (1) becomes {@code foreground}. The model's {@code input} is the shape after padding.
 *
 * @param padding    pixels added on every side, default 0
 * @param background the value of background pixels (and of the padding), default 0
 * @param foreground the value of full-ink pixels, default 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreprocessingSpec(Integer padding, Double background, Double foreground) {
    /** Applies the defaults. */
    public PreprocessingSpec {
        padding = padding == null ? 0 : padding;
        background = background == null ? 0.0 : background;
        foreground = foreground == null ? 1.0 : foreground;
    }
}
