package org.lenetlab.backend.kernels;

/**
 * What a forward pass is for.
 *
 * @param training whether this pass is followed by a backward pass (dropout is active only then)
 * @param seed     the seed of this layer's random choices in this pass (dropout masks), derived by the composition
 *                 from the step's seed and the layer's index
 */
public record Pass(boolean training, long seed) {
    /** An inference pass. */
    public static final Pass INFERENCE = new Pass(false, 0);
}
