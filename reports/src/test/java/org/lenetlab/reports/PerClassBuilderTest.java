package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerClassBuilderTest {
    @Test
    void precisionRecallAndF1OfEachClassWithTheWeakestMarked() {
        long[][] counts = {
            {8, 2, 0},
            {1, 9, 0},
            {0, 0, 0},
        };
        List<ReportModel.ClassRow> rows = PerClassBuilder.build(counts);
        // class 0: precision 8/9, recall 8/10; class 1: precision 9/11, recall 9/10; class 2: no support
        assertEquals(new ReportModel.ClassRow("0", "88.89%", "80.00%", "84.21%", "10", false), rows.get(0));
        assertEquals(new ReportModel.ClassRow("1", "81.82%", "90.00%", "85.71%", "10", false), rows.get(1));
        assertEquals(new ReportModel.ClassRow("2", "0.00%", "0.00%", "0.00%", "0", true), rows.get(2));
    }
}
