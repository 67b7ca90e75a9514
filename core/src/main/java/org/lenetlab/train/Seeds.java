package org.lenetlab.train;

/**
 * Derives independent seeds from a cell's seed, so that initial weights, the order of every epoch and every
 * dropout mask are fixed by the one seed and do not shift when something else changes.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for the stream named by {@code parts} under {@code seed} (SplitMix64 finaliser over each part). */
    public static long derive(long seed, long... parts) {
        long h = mix(seed ^ 0x6a09e667f3bcc909L);
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x9e3779b97f4a7c15L));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
