package org.lenetlab.model;

import java.util.List;

/**
 * One parameter tensor of a layer.
 *
 * <p>Layouts: convolution weights are {@code [out, in, kernel, kernel]}; with a connection table they are
 * {@code [connections, kernel, kernel]}, one kernel per (output, input) pair of the table, output by output in the
 * table's order. Dense weights are {@code [in, out]}; biases and subsampling coefficients {@code [out]}; RBF centres
 * {@code [units, inputs]}. Every backend uses these layouts, so the same initial values mean the same network
 * everywhere.
 *
 * @param name          {@code weight}, {@code bias}, {@code coefficient} or {@code prototypes}
 * @param shape         the tensor shape
 * @param fanIn         inputs feeding one output unit (for initialisers); the largest one when they differ
 * @param fanOut        outputs fed by one input unit (for initialisers)
 * @param trainable     whether the optimizer updates it
 * @param fanInByRow    when units differ in fan-in (a convolution with a connection table): the fan-in of the unit
 *                      fed by each index of the first dimension; else {@code null}
 * @param initialValues values the parameter starts from instead of an initializer's draw (RBF prototypes), or
 *                      {@code null}
 */
public record ParameterPlan(String name, Shape shape, int fanIn, int fanOut, boolean trainable,
                            List<Integer> fanInByRow, ParameterValues initialValues) {

    /** Checks that the per-row fan-ins and the initial values fit the shape. */
    public ParameterPlan {
        if (fanInByRow != null) {
            fanInByRow = List.copyOf(fanInByRow);
            if (fanInByRow.size() != shape.dim(0)) {
                throw new IllegalArgumentException(fanInByRow.size() + " row fan-ins for shape " + shape);
            }
        }
        if (initialValues != null && initialValues.size() != shape.size()) {
            throw new IllegalArgumentException(initialValues.size() + " initial values for shape " + shape);
        }
    }

    /** A parameter with one fan-in for every unit, drawn by the initializer. */
    public ParameterPlan(String name, Shape shape, int fanIn, int fanOut, boolean trainable) {
        this(name, shape, fanIn, fanOut, trainable, null, null);
    }

    /** Whether this is a bias vector. */
    public boolean isBias() {
        return name.equals("bias");
    }

    /** The fan-in of the unit fed by flat element {@code index}. */
    public int fanInOf(long index) {
        if (fanInByRow == null) {
            return fanIn;
        }
        long perRow = shape.size() / shape.dim(0);
        return fanInByRow.get((int) (index / perRow));
    }
}
