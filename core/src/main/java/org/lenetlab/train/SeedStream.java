package org.lenetlab.train;

import org.lenetlab.backend.Seeds;

/**
 * The independent random streams of a cell, each derived from the cell's seed with {@link Seeds#derive}: changing
 * what one stream draws never shifts another. The numbers are part of what makes results reproducible; never
 * change them.
 */
public enum SeedStream {
    /** Initial parameter values: one stream per (layer index, parameter index). */
    INITIAL_WEIGHTS(1),
    /** The data order of each epoch: one stream per epoch. */
    DATA_ORDER(2),
    /** The random choices (dropout masks) of each training step: one seed per step, split per layer. */
    STEP(3),
    /** The random choices of each curvature pass of SDLM: one seed per (epoch, first sample). */
    CURVATURE_PASS(4),
    /** The distortions of each training image in each epoch: one seed per (epoch, image index). */
    AUGMENTATION(5);

    private final long id;

    SeedStream(long id) {
        this.id = id;
    }

    /** The seed of this stream's element {@code parts} under the cell seed {@code seed}. */
    public long derive(long seed, long... parts) {
        long[] all = new long[parts.length + 1];
        all[0] = id;
        System.arraycopy(parts, 0, all, 1, parts.length);
        return Seeds.derive(seed, all);
    }
}
