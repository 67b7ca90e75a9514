package org.lenetlab.bench;

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
 */
public record BenchResult(String model, String backend, int batch, int threads, double trainImagesPerSecond,
                          double inferenceImagesPerSecond, Double epochSeconds, long peakRssBytes) {
}
