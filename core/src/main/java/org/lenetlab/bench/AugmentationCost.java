package org.lenetlab.bench;

import java.util.Arrays;

/**
 * What an augmentation costs in training: training throughput without and with it, measured on the same compiled
 * network in short interleaved blocks (a block of plain steps, then a block of augmented ones, the order reversed in
 * every other group), so that a change of the machine's load moves both alike; the slowdown is the median over the
 * groups, so that a block that happened to meet a burst of other work does not decide it.
 *
 * @param name                     the augmentation's name as given to {@code lenet bench --augmentation}
 * @param plainImagesPerSecond     training images per second without augmentation, over all blocks
 * @param augmentedImagesPerSecond training images per second with it (each batch distorted before its step, as the
 *                                 trainer does), over all blocks
 * @param slowdown                 how much longer an augmented block takes than the plain block beside it, the
 *                                 median over the groups ({@code 0.05}: 5% slower)
 * @param slowdownLow              the lower quartile of the groups' slowdowns
 * @param slowdownHigh             the upper quartile
 * @param groups                   the number of groups (pairs of blocks) measured
 * @param stepsPerBlock            training steps in each block
 */
public record AugmentationCost(String name, double plainImagesPerSecond, double augmentedImagesPerSecond,
                               double slowdown, double slowdownLow, double slowdownHigh, int groups,
                               int stepsPerBlock) {
    /**
     * The cost from the seconds each group's plain and augmented blocks took ({@code plain[g]} and
     * {@code augmented[g]}, each block {@code stepsPerBlock} steps of {@code batch} images).
     */
    public static AugmentationCost of(String name, double[] plain, double[] augmented, int stepsPerBlock, int batch) {
        if (plain.length == 0 || plain.length != augmented.length) {
            throw new IllegalArgumentException("need as many plain as augmented blocks, at least one");
        }
        double[] slowdowns = new double[plain.length];
        for (int g = 0; g < plain.length; g++) {
            slowdowns[g] = augmented[g] / plain[g] - 1;
        }
        Arrays.sort(slowdowns);
        double images = (double) plain.length * stepsPerBlock * batch;
        return new AugmentationCost(name, images / Arrays.stream(plain).sum(), images / Arrays.stream(augmented).sum(),
                quantile(slowdowns, 0.5), quantile(slowdowns, 0.25), quantile(slowdowns, 0.75), plain.length,
                stepsPerBlock);
    }

    /** The {@code q} quantile of sorted {@code values}, interpolated linearly. */
    static double quantile(double[] values, double q) {
        double at = q * (values.length - 1);
        int i = (int) Math.floor(at);
        int j = Math.min(i + 1, values.length - 1);
        return values[i] + (values[j] - values[i]) * (at - i);
    }
}
