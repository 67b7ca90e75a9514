package org.lenetlab.backend;

import org.lenetlab.plan.Shape;

/**
 * A set of images (already normalised and preprocessed) held where a {@link CompiledNetwork} reads its batches from,
 * e.g. in device memory; made by {@link CompiledNetwork#images}, used only with the network that made it.
 */
public interface ImageData {
    /** The number of images. */
    int count();

    /** The shape of one image. */
    Shape imageShape();
}
