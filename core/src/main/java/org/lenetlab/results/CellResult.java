package org.lenetlab.results;

import java.util.List;
import java.util.Map;
import org.lenetlab.metrics.ClassMetrics;

/**
 * One matrix cell in the results file. Fields after {@code parameters} are {@code null} unless the cell is ok.
 *
 * @param id              the cell's id, unique in the experiment
 * @param model           the model's name
 * @param backend         the backend's name
 * @param seed            the seed
 * @param settings        the cell's training settings
 * @param status          how it ended
 * @param reason          why it failed or was skipped, else {@code null}
 * @param device          the backend's device description, when it could be constructed
 * @param parameters      parameter counts
 * @param epochs          per-epoch results
 * @param testAccuracy    test accuracy after the last epoch, in [0, 1]
 * @param confusionMatrix {@code [true][predicted]} counts on the test set
 * @param perClass        per-class precision, recall and F1 on the test set
 * @param misclassified   indices of misclassified test images, ascending
 * @param misclassifiedAs the class predicted for each misclassified test image, parallel to {@code misclassified}
 *                        ({@code null} in results files written before it was recorded)
 * @param timings         timings
 * @param weightsSha256   SHA-256 of the trained parameters (see {@link org.lenetlab.provenance.WeightsDigest})
 */
public record CellResult(String id, String model, String backend, long seed, Map<String, Object> settings,
                         CellStatus status, String reason, String device, ParameterCounts parameters,
                         List<EpochRecord> epochs, Double testAccuracy, int[][] confusionMatrix,
                         List<ClassMetrics> perClass, int[] misclassified, int[] misclassifiedAs,
                         Timings timings, String weightsSha256) {

    /** A cell result without a weights digest. */
    public CellResult(String id, String model, String backend, long seed, Map<String, Object> settings,
                      CellStatus status, String reason, String device, ParameterCounts parameters,
                      List<EpochRecord> epochs, Double testAccuracy, int[][] confusionMatrix,
                      List<ClassMetrics> perClass, int[] misclassified, int[] misclassifiedAs, Timings timings) {
        this(id, model, backend, seed, settings, status, reason, device, parameters, epochs, testAccuracy,
                confusionMatrix, perClass, misclassified, misclassifiedAs, timings, null);
    }
}
