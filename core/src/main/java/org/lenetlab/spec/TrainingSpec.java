package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/**
 * An experiment's training settings. Every setting takes a single value or a list of values; a list of more than
 * one value is a sweep axis, and the experiment's matrix holds every combination.
 *
 * @param epochs              passes over the training set (required)
 * @param batchSize           training mini-batch size (required)
 * @param optimizer           {@code sgd} or {@code adam} (required)
 * @param learningRate        step size (required)
 * @param momentum            SGD momentum, default 0
 * @param beta1               Adam β1, default 0.9
 * @param beta2               Adam β2, default 0.999
 * @param epsilon             Adam ε, default 1e-8
 * @param weightDecay         L2 penalty added to the gradients (PyTorch's {@code weight_decay}), default 0
 * @param normalization       input normalisation, default pixels in [0, 1]
 * @param evaluationBatchSize batch size for test-set evaluation (not swept), default 1000
 */
public record TrainingSpec(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> epochs,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> batchSize,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<OptimizerKind> optimizer,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> learningRate,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> momentum,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> beta1,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> beta2,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> epsilon,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> weightDecay,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Normalization> normalization,
        Integer evaluationBatchSize) {

    /** Applies the defaults. */
    public TrainingSpec {
        momentum = momentum == null ? List.of(0.0) : momentum;
        beta1 = beta1 == null ? List.of(0.9) : beta1;
        beta2 = beta2 == null ? List.of(0.999) : beta2;
        epsilon = epsilon == null ? List.of(1e-8) : epsilon;
        weightDecay = weightDecay == null ? List.of(0.0) : weightDecay;
        normalization = normalization == null ? List.of(Normalization.NONE) : normalization;
        evaluationBatchSize = evaluationBatchSize == null ? 1000 : evaluationBatchSize;
    }
}
