package org.lenetlab.run;

import java.util.Locale;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.train.TrainingSettings;

/**
 * What one cell needs in memory, estimated from its plan and settings before anything is allocated: the backend's
 * tensors (parameters with gradients and optimizer state, activations and their gradients for a training batch,
 * activations for an evaluation batch, and the unfolded-patch scratch of convolutions) and the host's copies of the
 * data set. Deliberately generous: it is for refusing what cannot fit, not for sizing.
 *
 * @param parameterBytes  parameters, gradients and two optimizer moments
 * @param activationBytes activations and gradients of a training batch, plus activations of an evaluation batch
 * @param scratchBytes    convolution patch matrices (forward and backward) for the larger of the two batches
 * @param hostBytes       the data set on the host: the loaded pixels and one normalised copy, train and test
 */
public record MemoryEstimate(long parameterBytes, long activationBytes, long scratchBytes, long hostBytes) {
    private static final long FLOAT = Float.BYTES;
    private static final long TRAIN_IMAGES = 60_000;
    private static final long TEST_IMAGES = 10_000;

    /** The estimate for a cell training {@code plan} with {@code settings}. */
    public static MemoryEstimate of(ModelPlan plan, TrainingSettings settings) {
        long train = settings.trainLimit() == null ? TRAIN_IMAGES : Math.min(settings.trainLimit(), TRAIN_IMAGES);
        long batch = Math.min(settings.batchSize(), train);
        long evalBatch = Math.min(settings.evaluationBatchSize(), TEST_IMAGES);
        long perSample = plan.input().size();
        long params = 0;
        long patches = 0;
        for (LayerPlan layer : plan.layers()) {
            perSample += layer.output().size();
            params += layer.trainableParameters() + layer.fixedParameters();
            if (layer instanceof ConvolutionPlan c) {
                long k = (long) c.kernelSize() * c.kernelSize();
                patches = Math.max(patches, layer.input().dim(0) * k * layer.output().dim(1) * layer.output().dim(2));
            }
        }
        long parameterBytes = params * 4 * FLOAT;
        long activationBytes = perSample * (2 * batch + evalBatch) * FLOAT;
        long scratchBytes = patches * Math.max(batch, evalBatch) * 2 * FLOAT;
        long hostBytes = (train + TEST_IMAGES) * plan.input().size() * 2 * FLOAT;
        return new MemoryEstimate(parameterBytes, activationBytes, scratchBytes, hostBytes);
    }

    /** Bytes of backend tensors. */
    public long backendBytes() {
        return parameterBytes + activationBytes + scratchBytes;
    }

    /** A one-line breakdown, e.g. {@code 12.3 GB (activations 7.1 GB, convolution scratch 5.2 GB, parameters 1.0 MB)}. */
    public String describeBackend() {
        return size(backendBytes()) + " (activations " + size(activationBytes) + ", convolution scratch "
                + size(scratchBytes) + ", parameters " + size(parameterBytes) + ")";
    }

    /** Bytes in decimal units, e.g. {@code 1.5 GB}. */
    public static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
}
