package org.lenetlab.inspect;

import java.util.List;

/**
 * One image as a trained network sees and transforms it.
 *
 * @param model     the model's name
 * @param cell      the cell the checkpoint was saved from
 * @param epochs    the epochs the checkpoint had trained
 * @param input     the image after normalisation and the model's preprocessing: what the first layer reads
 * @param layers    what every layer computed, input to output
 * @param filters   the first convolution's kernels, {@code [outputs × inputs, k, k]} (a pair the connection table
 *                  leaves out is zero), or {@code null} when the model has no convolution
 * @param scores    the output scores as {@code lenet predict} prints them
 * @param scoreKind {@code softmax probabilities} or {@code network outputs}
 * @param predicted the predicted class
 */
public record Inspection(String model, String cell, int epochs, FeatureMaps input, List<FeatureMaps> layers,
                         FeatureMaps filters, float[] scores, String scoreKind, int predicted) {
    /** Copies the list and the scores. */
    public Inspection {
        layers = List.copyOf(layers);
        scores = scores.clone();
    }

    /** A copy of the scores. */
    @Override
    public float[] scores() {
        return scores.clone();
    }
}
