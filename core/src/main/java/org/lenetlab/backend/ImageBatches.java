package org.lenetlab.backend;

/**
 * A set of images held where the backend wants them, from which mini-batches are gathered in any order without
 * per-example objects.
 */
public interface ImageBatches {
    /**
     * Copies the images {@code order[from] .. order[from + count - 1]} into the first {@code count} rows of
     * {@code batch}, whose per-row size is the image size.
     */
    void gather(int[] order, int from, int count, Tensor batch);
}
