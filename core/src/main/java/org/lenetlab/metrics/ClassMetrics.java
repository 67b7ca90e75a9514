package org.lenetlab.metrics;

/**
 * Precision, recall and F1 of one class.
 *
 * @param label     the class
 * @param precision tp / (tp + fp), 0 when nothing was predicted as this class
 * @param recall    tp / (tp + fn)
 * @param f1        harmonic mean of precision and recall
 * @param support   test examples of this class
 */
public record ClassMetrics(int label, double precision, double recall, double f1, int support) {
}
