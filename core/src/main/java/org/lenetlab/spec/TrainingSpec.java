package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.lenetlab.plan.Precision;

/**
 * An experiment's training settings. Every setting takes a single value or a list of values; a list of more than
 * one value is a sweep axis, and the experiment's matrix holds every combination.
 *
 * @param epochs              passes over the training set (required)
 * @param batchSize           training mini-batch size (required)
 * @param optimizer           {@code sgd} or {@code adam} (required)
 * @param learningRate        step size (required unless {@code learningRateSchedule} is given)
 * @param momentum            SGD momentum, default 0
 * @param beta1               Adam β1, default 0.9
 * @param beta2               Adam β2, default 0.999
 * @param epsilon             Adam ε, default 1e-8
 * @param weightDecay         L2 penalty added to the gradients (PyTorch's {@code weight_decay}), default 0
 * @param normalization       input normalisation, default pixels in [0, 1]
 * @param evaluationBatchSize batch size for test-set evaluation (not swept), default 1000
 * @param learningRateSchedule optional learning rate per range of epochs, instead of {@code learningRate} (not
 *                             swept): the first step must start at epoch 1
 * @param mu                  SDLM's μ, added to every curvature estimate; absent means 0.02 (kept absent so
 *                            that specs without SDLM resolve, and hash, as before it existed)
 * @param hessianSamples      SDLM: training images the curvature is estimated on before every epoch; absent
 *                            means 500
 * @param precision           the floating-point type cells train in, {@code float32} or {@code float64}; absent
 *                            means float32 (kept absent so that specs without it resolve, and hash, as before it
 *                            existed)
 * @param initialWeights      optional path of a checkpoint, relative to the spec file like model paths: every cell
 *                            starts from its parameters instead of its seed's initial values, with fresh optimizer
 *                            state (not swept)
 * @param initialWeightsSha256 the SHA-256 of that checkpoint file: when written in the spec, the file must have it;
 *                            when absent, reading the spec fills it in, so the resolved spec and its hash cover the
 *                            checkpoint's contents
 * @param augmentation        training-time distortions of the training images; a list of several is a sweep axis,
 *                            and one without any distortion ({@code {"name": "none"}}) trains on the images as
 *                            they are; absent means none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        Integer evaluationBatchSize,
        List<LearningRateStep> learningRateSchedule,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> mu,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> hessianSamples,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Precision> precision,
        String initialWeights,
        String initialWeightsSha256,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<AugmentationSpec> augmentation) {

    /** LeCun et al.'s μ. */
    public static final double DEFAULT_MU = 0.02;
    /** LeCun et al.'s sample size for the curvature estimate. */
    public static final int DEFAULT_HESSIAN_SAMPLES = 500;

    /** Applies the defaults. */
    public TrainingSpec {
        momentum = momentum == null ? List.of(0.0) : momentum;
        beta1 = beta1 == null ? List.of(0.9) : beta1;
        beta2 = beta2 == null ? List.of(0.999) : beta2;
        epsilon = epsilon == null ? List.of(1e-8) : epsilon;
        weightDecay = weightDecay == null ? List.of(0.0) : weightDecay;
        normalization = normalization == null ? List.of(Normalization.NONE) : normalization;
        evaluationBatchSize = evaluationBatchSize == null ? 1000 : evaluationBatchSize;
        learningRateSchedule = learningRateSchedule == null ? null
                : Collections.unmodifiableList(new ArrayList<>(learningRateSchedule));
    }

    /** Settings without initial weights and without augmentation. */
    public TrainingSpec(List<Integer> epochs, List<Integer> batchSize, List<OptimizerKind> optimizer,
                        List<Double> learningRate, List<Double> momentum, List<Double> beta1, List<Double> beta2,
                        List<Double> epsilon, List<Double> weightDecay, List<Normalization> normalization,
                        Integer evaluationBatchSize, List<LearningRateStep> learningRateSchedule, List<Double> mu,
                        List<Integer> hessianSamples, List<Precision> precision) {
        this(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon, weightDecay, normalization,
                evaluationBatchSize, learningRateSchedule, mu, hessianSamples, precision, null, null, null);
    }

    /** Settings without initial weights. */
    public TrainingSpec(List<Integer> epochs, List<Integer> batchSize, List<OptimizerKind> optimizer,
                        List<Double> learningRate, List<Double> momentum, List<Double> beta1, List<Double> beta2,
                        List<Double> epsilon, List<Double> weightDecay, List<Normalization> normalization,
                        Integer evaluationBatchSize, List<LearningRateStep> learningRateSchedule, List<Double> mu,
                        List<Integer> hessianSamples, List<Precision> precision, List<AugmentationSpec> augmentation) {
        this(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon, weightDecay, normalization,
                evaluationBatchSize, learningRateSchedule, mu, hessianSamples, precision, null, null, augmentation);
    }

    /** Settings without a schedule and without SDLM's settings. */
    public TrainingSpec(List<Integer> epochs, List<Integer> batchSize, List<OptimizerKind> optimizer,
                        List<Double> learningRate, List<Double> momentum, List<Double> beta1, List<Double> beta2,
                        List<Double> epsilon, List<Double> weightDecay, List<Normalization> normalization,
                        Integer evaluationBatchSize) {
        this(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon, weightDecay, normalization,
                evaluationBatchSize, null, null, null, null, null, null, null);
    }

    /** The same settings, with the initial weights' checkpoint digest {@code sha256}. */
    public TrainingSpec withInitialWeightsSha256(String sha256) {
        return new TrainingSpec(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon,
                weightDecay, normalization, evaluationBatchSize, learningRateSchedule, mu, hessianSamples, precision,
                initialWeights, sha256, augmentation);
    }
}
