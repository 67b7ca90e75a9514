package org.lenetlab.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.ConfusionMetrics;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.evaluation.metrics.EvaluationMetric;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.impl.ArrayExample;

/**
 * Accuracy, confusion matrix and per-class precision/recall/F1 of class predictions, computed by Tribuo's
 * {@link LabelConfusionMatrix} and {@link ConfusionMetrics} over the labels 0..classes-1.
 *
 * @param accuracy        fraction correct
 * @param confusionMatrix {@code [true][predicted]} counts
 * @param perClass        metrics of each class, in label order
 * @param misclassified   indices of the examples predicted wrongly, ascending
 */
public record ClassificationReport(double accuracy, List<List<Integer>> confusionMatrix, List<ClassMetrics> perClass,
                                   List<Integer> misclassified) {

    /** Copies the lists. */
    public ClassificationReport {
        confusionMatrix = confusionMatrix.stream().map(List::copyOf).toList();
        perClass = List.copyOf(perClass);
        misclassified = List.copyOf(misclassified);
    }

    /** The report of {@code predictions} against {@code labels}, both of length {@code count}. */
    public static ClassificationReport of(int[] labels, int[] predictions, int count, int classes) {
        LabelFactory factory = new LabelFactory();
        Map<Label, Integer> ids = new HashMap<>();
        List<Label> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            Label label = new Label(Integer.toString(c));
            ids.put(label, c);
            names.add(label);
        }
        ImmutableOutputInfo<Label> domain = factory.constructInfoForExternalModel(ids);
        List<Prediction<Label>> tribuoPredictions = new ArrayList<>(count);
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classes || predictions[i] < 0 || predictions[i] >= classes) {
                throw new IllegalArgumentException("class index out of range at example " + i);
            }
            ArrayExample<Label> example = new ArrayExample<>(names.get(labels[i]));
            tribuoPredictions.add(new Prediction<>(names.get(predictions[i]), 0, example));
            if (labels[i] != predictions[i]) {
                wrong.add(i);
            }
        }
        LabelConfusionMatrix matrix = new LabelConfusionMatrix(domain, tribuoPredictions);
        List<List<Integer>> confusion = new ArrayList<>(classes);
        List<ClassMetrics> perClass = new ArrayList<>(classes);
        for (int t = 0; t < classes; t++) {
            Label truth = names.get(t);
            List<Integer> row = new ArrayList<>(classes);
            for (int p = 0; p < classes; p++) {
                row.add((int) matrix.confusion(names.get(p), truth));
            }
            confusion.add(row);
            MetricTarget<Label> target = new MetricTarget<>(truth);
            perClass.add(new ClassMetrics(t, ConfusionMetrics.precision(target, matrix),
                    ConfusionMetrics.recall(target, matrix), ConfusionMetrics.f1(target, matrix),
                    (int) matrix.support(truth)));
        }
        double accuracy = ConfusionMetrics.accuracy(EvaluationMetric.Average.MICRO, matrix);
        return new ClassificationReport(accuracy, confusion, perClass, wrong);
    }
}
