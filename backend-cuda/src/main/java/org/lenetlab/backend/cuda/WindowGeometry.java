package org.lenetlab.backend.cuda;

import org.lenetlab.plan.Shape;

/** The {@code WindowGeometry} struct of {@code pooling.cu} for one batch, as the ints it is passed as. */
final class WindowGeometry {
    private WindowGeometry() {
    }

    /** planes (n · channels), height, width, outHeight, outWidth, size, stride. */
    static int[] of(Shape input, Shape output, int size, int stride) {
        return new int[] {input.dim(0) * input.dim(1), input.dim(2), input.dim(3), output.dim(2), output.dim(3), size,
            stride};
    }
}
