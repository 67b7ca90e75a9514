package org.lenetlab.inspect;

import java.util.List;

/**
 * What one layer computed for one image (or a parameter tensor shown as maps), row-major.
 *
 * @param name   the layer's name (or {@code input}, or e.g. {@code conv1 filters})
 * @param type   the layer's type as specs write it ({@code input} for the preprocessed image, {@code filters} for
 *               weights)
 * @param shape  the dimensions: {@code [channels, height, width]} for maps, {@code [units]} for a flat layer
 * @param values the values
 */
public record FeatureMaps(String name, String type, List<Integer> shape, float[] values) {
    /** Copies the shape and the values. */
    public FeatureMaps {
        shape = List.copyOf(shape);
        values = values.clone();
    }

    /** A copy of the values. */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** The number of maps: the first dimension of a 3-D shape, else 1. */
    public int maps() {
        return shape.size() == 3 ? shape.get(0) : 1;
    }

    /** The height of one map: the second dimension of a 3-D shape, else 1. */
    public int height() {
        return shape.size() == 3 ? shape.get(1) : 1;
    }

    /** The width of one map: the third dimension of a 3-D shape, else all the values. */
    public int width() {
        return shape.size() == 3 ? shape.get(2) : values.length;
    }
}
