package org.lenetlab.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;

/**
 * The training settings of one matrix cell: one value of each setting.
 *
 * @param epochs              passes over the training set
 * @param batchSize           mini-batch size
 * @param optimizer           sgd or adam
 * @param learningRate        step size
 * @param momentum            SGD momentum ({@code null} for Adam)
 * @param beta1               Adam β1 ({@code null} for SGD)
 * @param beta2               Adam β2 ({@code null} for SGD)
 * @param epsilon             Adam ε ({@code null} for SGD)
 * @param weightDecay         L2 coefficient
 * @param normalization       input normalisation
 * @param evaluationBatchSize batch size of test-set evaluation
 * @param trainLimit          train on the first N images only, or {@code null} for all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, double learningRate,
                               Double momentum, Double beta1, Double beta2, Double epsilon, double weightDecay,
                               Normalization normalization, int evaluationBatchSize, Integer trainLimit) {

    /** The optimizer part of these settings. */
    public OptimizerConfig optimizerConfig() {
        return new OptimizerConfig(optimizer, learningRate, momentum == null ? 0 : momentum,
                beta1 == null ? 0.9 : beta1, beta2 == null ? 0.999 : beta2, epsilon == null ? 1e-8 : epsilon,
                weightDecay);
    }
}
