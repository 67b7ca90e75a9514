package org.lenetlab.backend.cpu;

import java.util.Objects;
import org.lenetlab.backend.kernels.Tensor;

/**
 * A tensor of one of the CPU backend's engines: {@link FloatTensor} (float32 Java array) or {@link DoubleTensor}
 * (float64 Java array). An engine's kernels only ever see their own kind, so no tensor keeps copies in step.
 */
sealed interface CpuTensor extends Tensor permits FloatTensor, DoubleTensor {
    /** The number of elements. */
    int length();

    /**
     * Copies the images {@code order[from] .. order[from + count − 1]} of {@code images} (rows of {@code imageSize}
     * values) into this tensor's first {@code count} rows.
     */
    void gatherRows(float[] images, int imageSize, int[] order, int from, int count);

    /** The CPU tensor behind {@code tensor}. */
    static CpuTensor of(Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        if (tensor instanceof CpuTensor cpu) {
            return cpu;
        }
        throw new IllegalArgumentException("not a cpu tensor: " + tensor.getClass().getName());
    }

    /** Checks {@code source} holds {@code length} values from {@code offset}. */
    static void checkRange(int offset, int length, int available) {
        Objects.checkFromIndexSize(offset, length, available);
    }
}
