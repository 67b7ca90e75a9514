package org.lenetlab.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One benchmark row.
 *
 * @param model                    the model's name
 * @param backend                  the backend's name
 * @param batch                    training batch size
 * @param threads                  threads the backend used, or 0 for its default
 * @param trainImagesPerSecond     steady-state training throughput (forward, backward and SGD-momentum update)
 * @param inferenceImagesPerSecond steady-state inference throughput at batch 1000
 * @param epochSeconds             wall time of one epoch over the training set with data handling and the
 *                                 test-set evaluation, or {@code null} when not measured
 * @param peakRssBytes             the process's peak resident memory so far, or -1 where it cannot be read
 * @param augmentation             what each augmentation asked for costs in training, or {@code null} when none was
 *                                 (then left out of the JSON); with augmentations, {@code trainImagesPerSecond} is
 *                                 the plain figure of their interleaved blocks
 */
public record BenchResult(String model, String backend, int batch, int threads, double trainImagesPerSecond,
                          double inferenceImagesPerSecond, Double epochSeconds, long peakRssBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<AugmentationCost> augmentation) {
    /** A row without augmentation figures. */
    public BenchResult(String model, String backend, int batch, int threads, double trainImagesPerSecond,
                       double inferenceImagesPerSecond, Double epochSeconds, long peakRssBytes) {
        this(model, backend, batch, threads, trainImagesPerSecond, inferenceImagesPerSecond, epochSeconds,
                peakRssBytes, null);
    }

    /** A row; {@code augmentation} is copied. */
    public BenchResult {
        augmentation = augmentation == null ? null : List.copyOf(augmentation);
    }
}
