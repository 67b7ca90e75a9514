package org.lenetlab.plan;

import java.util.List;

/**
 * One parameter tensor of a layer, with how it starts.
 *
 * <p>Layouts: convolution weights are {@code [pairs, kernel, kernel]} packed as the layer's {@link ConnectionTable}
 * says (for an ordinary convolution, {@code [out, in, kernel, kernel]}); dense weights {@code [in, out]}; biases and
 * subsampling coefficients {@code [out]}; RBF centres {@code [units, inputs]}. Every backend uses these layouts, so
 * the same initial values mean the same network everywhere.
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
 * @param initializer   how its starting values are drawn when it has no initial values: the layer's own initializer,
 *                      else the model's
 */
public record ParameterPlan(String name, Shape shape, int fanIn, int fanOut, boolean trainable,
                            List<Integer> fanInByRow, ParameterValues initialValues, Initializer initializer) {

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
        if (initializer == null) {
            throw new IllegalArgumentException("parameter " + name + " needs an initializer");
        }
    }

    /** A trainable parameter with one fan-in for every unit, drawn by {@code initializer}. */
    public ParameterPlan(String name, Shape shape, int fanIn, int fanOut, Initializer initializer) {
        this(name, shape, fanIn, fanOut, true, null, null, initializer);
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
