package org.lenetlab.backend.kernels;

import org.lenetlab.plan.Shape;

/**
 * A dense tensor owned by a backend's kernels, row-major in its {@link #shape()}, in the precision of the network it
 * belongs to. Host access is for set-up, checkpoints, evaluation and tests; the training loop keeps data on the
 * backend.
 */
public interface Tensor {
    /** The tensor's shape, batch dimension first for activations. */
    Shape shape();

    /** Copies {@code shape().size()} values from {@code source}, starting at {@code offset}, into this tensor. */
    void write(float[] source, int offset);

    /** Copies all values of this tensor into {@code target}, starting at {@code offset}, rounded to float32. */
    void read(float[] target, int offset);

    /** Copies {@code shape().size()} values from {@code source} into this tensor, rounded to its precision. */
    void write(double[] source);

    /** Copies all values of this tensor, widened to double, into {@code target}. */
    void read(double[] target);

    /** The value at flat (row-major) index {@code index}, widened to double. */
    double get(long index);

    /** Sets the value at flat index {@code index}, rounded to the tensor's precision. */
    void set(long index, double value);

    /** Sets every value to zero. */
    void clear();
}
