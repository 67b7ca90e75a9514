package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.lenetlab.data.ImageSet;

/**
 * Builds a model's misclassified digits: per finished cell, up to {@link #DIGITS_PER_CELL} of its misclassified test
 * images with their true and predicted labels, drawn from the test images when they are available, else listed by
 * index.
 */
final class DigitsBuilder {
    /** At most this many misclassified digits are shown per cell. */
    static final int DIGITS_PER_CELL = 48;

    private DigitsBuilder() {
    }

    /**
     * The digits of the model's {@code cells}, one entry per finished cell with misclassified images; the first
     * starts unfolded.
     *
     * @param cells       the model's cells
     * @param images      the MNIST test images, when available
     * @param severalRuns whether the report has more than one run (then an entry names its run)
     */
    static List<ReportModel.CellDigits> build(List<RunCell> cells, Optional<TestImages> images, boolean severalRuns) {
        List<ReportModel.CellDigits> result = new ArrayList<>();
        ImageSet set = images.map(TestImages::images).orElse(null);
        for (RunCell l : cells) {
            List<Integer> wrong = l.cell().misclassified();
            if (!l.ok() || wrong == null || wrong.isEmpty()) {
                continue;
            }
            List<Integer> predicted = l.cell().misclassifiedAs();
            int classes = l.cell().confusionMatrix() == null ? 0 : l.cell().confusionMatrix().size();
            List<String> names = ClassNames.of(l.run(), classes);
            boolean hasPredictions = predicted != null && predicted.size() == wrong.size();
            int shown = Math.min(DIGITS_PER_CELL, wrong.size());
            List<ReportModel.Digit> digits = new ArrayList<>(shown);
            for (int i = 0; i < shown; i++) {
                int index = wrong.get(i);
                boolean drawable = set != null && index >= 0 && index < set.count();
                String truth = drawable ? name(names, set.label(index)) : "?";
                String guess = hasPredictions ? name(names, predicted.get(i)) : "?";
                digits.add(new ReportModel.Digit(index, truth, guess, drawable ? DigitImages.cssClass(index) : "",
                        "test image #" + index + ": true " + truth + ", predicted " + guess));
            }
            String caption = (shown < wrong.size() ? "first " + shown + " of " : "all ") + Formats.count(wrong.size())
                    + " misclassified test images"
                    + (hasPredictions ? "" : " (this results file does not record the predicted labels)");
            String id = l.cell().id() + (severalRuns ? " (" + l.run().label() + ")" : "");
            result.add(new ReportModel.CellDigits(id, caption, result.isEmpty(), digits));
        }
        return result;
    }

    private static String name(List<String> names, int label) {
        return label >= 0 && label < names.size() ? names.get(label) : Integer.toString(label);
    }

    /** The indices of the digits that are drawn (those with an image), each once, ascending. */
    static SortedSet<Integer> drawn(Collection<ReportModel.CellDigits> cells) {
        SortedSet<Integer> indices = new TreeSet<>();
        cells.forEach(c -> c.digits().stream().filter(d -> !d.cssClass().isEmpty()).forEach(d -> indices.add(d.index())));
        return indices;
    }
}
