package org.lenetlab.backend;

import org.lenetlab.model.Shape;

/**
 * A dense tensor owned by a backend, row-major in its {@link #shape()}. Host access is for set-up, evaluation and
 * tests; the training loop keeps data on the backend.
 */
public interface Tensor {
    /** The tensor's shape, batch dimension first for activations. */
    Shape shape();

    /** Copies {@code shape().size()} values from {@code source}, starting at {@code offset}, into this tensor. */
    void write(float[] source, int offset);

    /** Copies all values of this tensor into {@code target}, starting at {@code offset}. */
    void read(float[] target, int offset);

    /** The value at flat (row-major) index {@code index}, in the backend's precision widened to double. */
    double get(long index);

    /** Sets the value at flat index {@code index}, rounded to the backend's precision. */
    void set(long index, double value);

    /** Sets every value to zero. */
    void clear();
}
