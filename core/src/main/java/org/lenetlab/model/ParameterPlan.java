package org.lenetlab.model;

/**
 * One parameter tensor of a layer.
 *
 * <p>Layouts: convolution weights are {@code [out, in, kernel, kernel]}, dense weights {@code [in, out]}, biases
 * {@code [out]}. Every backend uses these layouts, so the same initial values mean the same network everywhere.
 *
 * @param name      {@code weight} or {@code bias}
 * @param shape     the tensor shape
 * @param fanIn     inputs feeding one output unit (for initialisers)
 * @param fanOut    outputs fed by one input unit (for initialisers)
 * @param trainable whether the optimizer updates it
 */
public record ParameterPlan(String name, Shape shape, int fanIn, int fanOut, boolean trainable) {
    /** Whether this is a bias vector. */
    public boolean isBias() {
        return name.equals("bias");
    }
}
