package org.lenetlab.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.spec.AugmentationSpec;
import org.lenetlab.spec.LearningRateStep;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.TrainingSpec;

/**
 * The training settings of one matrix cell: one value of each setting, as results record them ({@code settings}).
 * Settings that do not apply to the cell's optimizer are {@code null} and left out of the JSON.
 *
 * @param epochs               passes over the training set
 * @param batchSize            mini-batch size
 * @param optimizer            sgd, adam or sdlm
 * @param learningRate         step size (with a schedule: the rate of the first epoch)
 * @param momentum             SGD momentum ({@code null} for the others)
 * @param beta1                Adam β1 ({@code null} for the others)
 * @param beta2                Adam β2 ({@code null} for the others)
 * @param epsilon              Adam ε ({@code null} for the others)
 * @param weightDecay          L2 coefficient
 * @param normalization        input normalisation
 * @param evaluationBatchSize  batch size of test-set evaluation
 * @param trainLimit           train on the first N images only, or {@code null} for all
 * @param learningRateSchedule the learning rate per range of epochs, or {@code null} for {@code learningRate}
 *                             throughout
 * @param mu                   SDLM's μ ({@code null} for the others)
 * @param hessianSamples       SDLM's curvature sample size ({@code null} for the others)
 * @param precision            the precision the cell trains in; float32 when not given, and then left out of the
 *                             JSON, so that cells from before the setting existed compare equal
 * @param initialWeights       the checkpoint the cell starts from, as the spec names it (relative to the spec), or
 *                             {@code null} to start from the seed's initial values
 * @param initialWeightsSha256 the SHA-256 of that checkpoint file, or {@code null}
 * @param augmentation         training-time distortions of the training images, or {@code null} for none (and
 *                             then left out of the JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, double learningRate,
                               Double momentum, Double beta1, Double beta2, Double epsilon, double weightDecay,
                               Normalization normalization, int evaluationBatchSize, Integer trainLimit,
                               List<LearningRateStep> learningRateSchedule, Double mu, Integer hessianSamples,
                               @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Float32.class)
                               Precision precision, String initialWeights, String initialWeightsSha256,
                               AugmentationSpec augmentation) {

    /** Copies the schedule; a missing precision is float32. */
    public TrainingSettings {
        learningRateSchedule = learningRateSchedule == null ? null : List.copyOf(learningRateSchedule);
        precision = precision == null ? Precision.FLOAT32 : precision;
    }

    /** Settings that start from the seed's initial values, without augmentation. */
    public TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, double learningRate, Double momentum,
                            Double beta1, Double beta2, Double epsilon, double weightDecay, Normalization normalization,
                            int evaluationBatchSize, Integer trainLimit, List<LearningRateStep> learningRateSchedule,
                            Double mu, Integer hessianSamples, Precision precision) {
        this(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon, weightDecay, normalization,
                evaluationBatchSize, trainLimit, learningRateSchedule, mu, hessianSamples, precision, null, null, null);
    }

    /** Settings without augmentation. */
    public TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, double learningRate, Double momentum,
                            Double beta1, Double beta2, Double epsilon, double weightDecay, Normalization normalization,
                            int evaluationBatchSize, Integer trainLimit, List<LearningRateStep> learningRateSchedule,
                            Double mu, Integer hessianSamples, Precision precision, String initialWeights,
                            String initialWeightsSha256) {
        this(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon, weightDecay, normalization,
                evaluationBatchSize, trainLimit, learningRateSchedule, mu, hessianSamples, precision, initialWeights,
                initialWeightsSha256, null);
    }

    /** Settings that start from the seed's initial values. */
    public TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, double learningRate,
                            Double momentum, Double beta1, Double beta2, Double epsilon, double weightDecay,
                            Normalization normalization, int evaluationBatchSize, Integer trainLimit,
                            List<LearningRateStep> learningRateSchedule, Double mu, Integer hessianSamples,
                            Precision precision, AugmentationSpec augmentation) {
        this(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon, weightDecay, normalization,
                evaluationBatchSize, trainLimit, learningRateSchedule, mu, hessianSamples, precision, null, null,
                augmentation);
    }

    /** Float32 settings without a schedule and without SDLM's settings. */
    public TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, double learningRate, Double momentum,
                            Double beta1, Double beta2, Double epsilon, double weightDecay, Normalization normalization,
                            int evaluationBatchSize, Integer trainLimit) {
        this(epochs, batchSize, optimizer, learningRate, momentum, beta1, beta2, epsilon, weightDecay, normalization,
                evaluationBatchSize, trainLimit, null, null, null, Precision.FLOAT32);
    }

    /** The update rule of these settings, with the defaults of the settings that are not given. */
    public OptimizerPlan optimizerPlan() {
        return switch (optimizer) {
            case SGD -> new OptimizerPlan.Sgd(learningRate, momentum == null ? 0 : momentum, weightDecay);
            case ADAM -> new OptimizerPlan.Adam(learningRate, beta1 == null ? 0.9 : beta1,
                    beta2 == null ? 0.999 : beta2, epsilon == null ? 1e-8 : epsilon, weightDecay);
            case SDLM -> new OptimizerPlan.Sdlm(learningRate, mu == null ? TrainingSpec.DEFAULT_MU : mu, weightDecay,
                    hessianSamplesOrDefault());
        };
    }

    /** The learning rate of epoch {@code epoch} (1-based). */
    public double learningRateFor(int epoch) {
        if (learningRateSchedule == null) {
            return learningRate;
        }
        double rate = learningRate;
        for (LearningRateStep step : learningRateSchedule) {
            if (step.fromEpoch() <= epoch) {
                rate = step.learningRate();
            }
        }
        return rate;
    }

    /** The number of samples SDLM's curvature is estimated on before every epoch. */
    public int hessianSamplesOrDefault() {
        return hessianSamples == null ? TrainingSpec.DEFAULT_HESSIAN_SAMPLES : hessianSamples;
    }

    /** Leaves float32, the default precision, out of the JSON. */
    static final class Float32 {
        @Override
        public boolean equals(Object value) {
            return value == null || value == Precision.FLOAT32;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
