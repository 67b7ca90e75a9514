package org.lenetlab.gates;

import java.util.List;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.train.EpochResult;

/**
 * One cell of a baseline: what verification compares.
 *
 * @param id              the cell's id
 * @param status          how it ended (only {@code ok} cells are recorded by {@code lenet baseline})
 * @param device          the backend's device description when recorded
 * @param parameters      parameter counts (compared exactly)
 * @param epochs          per epoch: test accuracy and the mean losses
 * @param testAccuracy    test accuracy after the last epoch
 * @param trainLoss       mean training loss of the last epoch
 * @param testLoss        mean test loss after the last epoch
 * @param confusionMatrix {@code [true][predicted]} counts on the test set
 * @param weightsSha256   digest of the trained parameters (reported, not a failure when it changes)
 */
public record BaselineCell(String id, CellStatus status, String device, ParameterCounts parameters,
                           List<Epoch> epochs, Double testAccuracy, Double trainLoss, Double testLoss,
                           List<List<Integer>> confusionMatrix, String weightsSha256) {

    /** Copies the lists. */
    public BaselineCell {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        confusionMatrix = confusionMatrix == null ? null : confusionMatrix.stream().map(List::copyOf).toList();
    }

    /**
     * One epoch of a baseline cell.
     *
     * @param epoch        1-based
     * @param testAccuracy test accuracy after the epoch
     * @param trainLoss    mean training loss of the epoch
     * @param testLoss     mean test loss after the epoch
     */
    public record Epoch(int epoch, double testAccuracy, double trainLoss, double testLoss) {
    }

    /** The metrics of a results file's cell. */
    public static BaselineCell of(CellResult cell) {
        List<Epoch> epochs = cell.epochs() == null ? List.of() : cell.epochs().stream()
                .map(e -> new Epoch(e.epoch(), e.testAccuracy(), e.trainLoss(), e.testLoss())).toList();
        EpochResult last = cell.epochs() == null || cell.epochs().isEmpty() ? null
                : cell.epochs().get(cell.epochs().size() - 1);
        return new BaselineCell(cell.id(), cell.status(), cell.device(), cell.parameters(), epochs,
                cell.testAccuracy(), last == null ? null : last.trainLoss(), last == null ? null : last.testLoss(),
                cell.confusionMatrix(), cell.weightsSha256());
    }
}
