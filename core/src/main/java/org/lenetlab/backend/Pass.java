package org.lenetlab.backend;

/**
 * What a forward pass is for.
 *
 * @param training whether this pass is followed by a backward pass (dropout is active only then)
 * @param seed     the seed of every random choice of this pass (dropout masks), fixed by the training loop from the
 *                 cell's seed, the step and the layer
 */
public record Pass(boolean training, long seed) {
    /** An inference pass. */
    public static final Pass INFERENCE = new Pass(false, 0);
}
