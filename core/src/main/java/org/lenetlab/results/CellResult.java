package org.lenetlab.results;

import java.util.List;
import org.lenetlab.metrics.ClassMetrics;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.TrainingSettings;

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
 * @param placement       where the cell ran, for cells run outside the command's own process (a Spark executor);
 *                        {@code null} for cells run in it and in files written before it was recorded
 */
public record CellResult(String id, String model, String backend, long seed, TrainingSettings settings,
                         CellStatus status, String reason, String device, ParameterCounts parameters,
                         List<EpochResult> epochs, Double testAccuracy, List<List<Integer>> confusionMatrix,
                         List<ClassMetrics> perClass, List<Integer> misclassified, List<Integer> misclassifiedAs,
                         Timings timings, String weightsSha256, CellPlacement placement) {

    /** Copies every list; absent ones stay {@code null}. */
    public CellResult {
        epochs = epochs == null ? null : List.copyOf(epochs);
        confusionMatrix = confusionMatrix == null ? null : confusionMatrix.stream().map(List::copyOf).toList();
        perClass = perClass == null ? null : List.copyOf(perClass);
        misclassified = misclassified == null ? null : List.copyOf(misclassified);
        misclassifiedAs = misclassifiedAs == null ? null : List.copyOf(misclassifiedAs);
    }

    /** A result of a cell run in the command's own process (no placement). */
    public CellResult(String id, String model, String backend, long seed, TrainingSettings settings,
                      CellStatus status, String reason, String device, ParameterCounts parameters,
                      List<EpochResult> epochs, Double testAccuracy, List<List<Integer>> confusionMatrix,
                      List<ClassMetrics> perClass, List<Integer> misclassified, List<Integer> misclassifiedAs,
                      Timings timings, String weightsSha256) {
        this(id, model, backend, seed, settings, status, reason, device, parameters, epochs, testAccuracy,
                confusionMatrix, perClass, misclassified, misclassifiedAs, timings, weightsSha256, null);
    }

    /** This result, recording that the cell ran at {@code where}. */
    public CellResult placedAt(CellPlacement where) {
        return new CellResult(id, model, backend, seed, settings, status, reason, device, parameters, epochs,
                testAccuracy, confusionMatrix, perClass, misclassified, misclassifiedAs, timings, weightsSha256, where);
    }

    /** A cell that ended without training results ({@code skipped}, {@code failed} or {@code interrupted}). */
    public static CellResult ended(String id, String model, String backend, long seed, TrainingSettings settings,
                                   CellStatus status, String reason, String device, ParameterCounts parameters) {
        return new CellResult(id, model, backend, seed, settings, status, reason, device, parameters, List.of(), null,
                null, null, null, null, null, null);
    }
}
