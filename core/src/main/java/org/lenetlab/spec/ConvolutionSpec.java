package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.lenetlab.plan.Initializer;

/**
 * A 2-D convolution with bias, over all input channels or over the channels a connection table names.
 *
 * @param name          optional layer name
 * @param filters       number of output channels (required)
 * @param kernel        square kernel size (required)
 * @param stride        stride, default 1
 * @param padding       zero padding on every side, default 0
 * @param inputChannels optional: the number of input channels this layer expects; checked against the layer before
 * @param initializer   optional override of the model's initializer
 * @param connections   optional connection table: for each output channel, the input channels it reads (as LeNet-5's
 *                      C3); without it every output reads every input channel
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConvolutionSpec(String name, Integer filters, Integer kernel, Integer stride, Integer padding,
                              Integer inputChannels, Initializer initializer, List<List<Integer>> connections)
        implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "convolution";

    /** Applies the defaults. */
    public ConvolutionSpec {
        stride = stride == null ? 1 : stride;
        padding = padding == null ? 0 : padding;
        if (connections != null) {
            List<List<Integer>> copy = new ArrayList<>(connections.size());
            for (List<Integer> row : connections) {
                copy.add(row == null ? null : Collections.unmodifiableList(new ArrayList<>(row)));
            }
            connections = Collections.unmodifiableList(copy);
        }
    }

    /** A convolution over all input channels. */
    public ConvolutionSpec(String name, Integer filters, Integer kernel, Integer stride, Integer padding,
                           Integer inputChannels, Initializer initializer) {
        this(name, filters, kernel, stride, padding, inputChannels, initializer, null);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.convolution(this);
    }
}
