package org.lenetlab.backend;

/**
 * Derives independent seeds from a seed, so that every random choice is fixed by one cell seed and does not shift
 * when something else changes: SplitMix64's finaliser over each part. The training loop derives its streams from
 * the cell's seed; a backend derives the seed of layer {@code i}'s random choices in a step with
 * {@link #forLayer(long, int)}.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for the stream named by {@code parts} under {@code seed}. */
    public static long derive(long seed, long... parts) {
        long h = mix(seed ^ 0x6a09e667f3bcc909L);
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x9e3779b97f4a7c15L));
        }
        return h;
    }

    /** The seed of layer {@code layer}'s random choices (its dropout mask) in a pass with seed {@code passSeed}. */
    public static long forLayer(long passSeed, int layer) {
        return derive(passSeed, layer);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
