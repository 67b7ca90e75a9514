package org.lenetlab.plan;

import java.util.List;

/**
 * A 2-D convolution with bias over NCHW activations: square {@code kernelSize}, equal {@code stride} and zero
 * {@code padding} on both axes, and the input channels each output reads as a resolved {@link ConnectionTable}.
 *
 * @param index       position in the model
 * @param name        the layer's name
 * @param input       per-sample input, channels × height × width
 * @param output      per-sample output
 * @param kernelSize  the side of the square kernel
 * @param stride      the step between windows
 * @param padding     zeros added on every side
 * @param table       which inputs each output reads (the full table for an ordinary convolution)
 * @param weight      {@code [pairs, kernelSize, kernelSize]} packed as the table says, which for the full table is
 *                    {@code [out, in, kernelSize, kernelSize]}
 * @param bias        {@code [out]}
 * @param connections multiply-adds per sample, biases included
 */
public record ConvolutionPlan(int index, String name, Shape input, Shape output, int kernelSize, int stride,
                              int padding, ConnectionTable table, ParameterPlan weight, ParameterPlan bias,
                              long connections) implements LayerPlan {
    /** The type name specs use. */
    public static final String TYPE = "convolution";

    @Override
    public List<ParameterPlan> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.convolution(this);
    }
}
