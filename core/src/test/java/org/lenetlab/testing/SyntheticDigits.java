package org.lenetlab.testing;

import java.util.Map;
import java.util.SplittableRandom;
import org.lenetlab.plan.Shape;
import org.lenetlab.run.ExamplesSource;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Examples;

/**
 * A learnable stand-in for MNIST in tests that must not read it: 1×28×28 images of noise in which class c lights
 * up row c·2 (and the row below); a linear model separates them easily.
 */
public final class SyntheticDigits implements ExamplesSource {
    private final int train;
    private final int test;

    /** {@code train} training and {@code test} test images. */
    public SyntheticDigits(int train, int test) {
        this.train = train;
        this.test = test;
    }

    /** {@code count} images drawn from {@code seed}. */
    public static Examples examples(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[count * 784];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels[i] = label;
            for (int p = 0; p < 784; p++) {
                images[i * 784 + p] = (float) (random.nextDouble() * 0.3);
            }
            for (int r = 2 * label; r < 2 * label + 2; r++) {
                for (int c = 4; c < 24; c++) {
                    images[i * 784 + r * 28 + c] = 1f;
                }
            }
        }
        return new Examples(images, labels, count, Shape.of(1, 28, 28));
    }

    @Override
    public Split prepare(DatasetSpec dataset, Normalization normalization, Integer trainLimit) {
        int n = trainLimit == null ? train : Math.min(trainLimit, train);
        return new Split(examples(n, 1), examples(test, 2));
    }

    @Override
    public Map<String, String> fileDigests() {
        return Map.of("synthetic", "0");
    }
}
