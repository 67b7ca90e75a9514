package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A 2-D convolution with bias over all input channels.
 *
 * @param name          optional layer name
 * @param filters       number of output channels (required)
 * @param kernel        square kernel size (required)
 * @param stride        stride, default 1
 * @param padding       zero padding on every side, default 0
 * @param inputChannels optional: the number of input channels this layer expects; checked against the layer before
 * @param initializer   optional override of the model's initializer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConvolutionSpec(String name, Integer filters, Integer kernel, Integer stride, Integer padding,
                              Integer inputChannels, Initializer initializer) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "convolution";

    /** Applies the defaults. */
    public ConvolutionSpec {
        stride = stride == null ? 1 : stride;
        padding = padding == null ? 0 : padding;
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }
}
