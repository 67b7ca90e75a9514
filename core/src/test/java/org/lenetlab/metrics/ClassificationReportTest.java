package org.lenetlab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    @Test
    void matchesHandCountedConfusion() {
        int[] labels = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        int[] preds = {0, 0, 1, 1, 2, 2, 2, 2, 0};
        ClassificationReport r = ClassificationReport.of(labels, preds, labels.length, 3);
        assertEquals(6.0 / 9, r.accuracy(), 1e-12);
        assertEquals(List.of(2, 1, 0), r.confusionMatrix().get(0));
        assertEquals(List.of(0, 1, 1), r.confusionMatrix().get(1));
        assertEquals(List.of(1, 0, 3), r.confusionMatrix().get(2));
        // class 0: tp 2, fp 1, fn 1
        assertEquals(2.0 / 3, r.perClass().get(0).precision(), 1e-12);
        assertEquals(2.0 / 3, r.perClass().get(0).recall(), 1e-12);
        // class 1: tp 1, fp 1, fn 1
        assertEquals(0.5, r.perClass().get(1).f1(), 1e-12);
        // class 2: tp 3, fp 1, fn 1
        assertEquals(0.75, r.perClass().get(2).precision(), 1e-12);
        assertEquals(4, r.perClass().get(2).support());
        assertEquals(List.of(2, 4, 8), r.misclassified());
    }

    @Test
    void aClassNeverPredictedHasZeroPrecision() {
        ClassificationReport r = ClassificationReport.of(new int[] {0, 1}, new int[] {0, 0}, 2, 2);
        assertEquals(0.0, r.perClass().get(1).precision());
        assertEquals(0.0, r.perClass().get(1).recall());
    }
}
