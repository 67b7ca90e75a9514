package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What is done to every image (after the experiment's normalisation) before the model sees it, as LeCun et al. did
 * for LeNet-1 and LeNet-5: optionally the image is down-sampled to {@code resize × resize} pixels (each new pixel the
 * area-weighted mean of the pixels it covers) and centred in a blank field of its original size (LeNet-1's 16×16
 * digits in 28×28), then it is extended on every side by {@code padding} background pixels, then every value x becomes
 * {@code background + x · (foreground − background)}, so that a background pixel (0) becomes {@code background} and
 * full ink (1) becomes {@code foreground}. The model's {@code input} is the shape after padding.
 *
 * @param padding    pixels added on every side, default 0
 * @param background the value of background pixels (and of the padding), default 0
 * @param foreground the value of full-ink pixels, default 1
 * @param resize     the side the image is down-sampled to and centred at, or absent to keep it as it is (kept
 *                   absent so that specs without it resolve, and hash, as before it existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreprocessingSpec(Integer padding, Double background, Double foreground, Integer resize) {
    /** Applies the defaults. */
    public PreprocessingSpec {
        padding = padding == null ? 0 : padding;
        background = background == null ? 0.0 : background;
        foreground = foreground == null ? 1.0 : foreground;
    }

    /** Preprocessing without a resize step. */
    public PreprocessingSpec(Integer padding, Double background, Double foreground) {
        this(padding, background, foreground, null);
    }
}
