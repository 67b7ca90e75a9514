package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart records serialise to the JSON {@code report.js} reads: the same keys, in the same order. */
class ChartTest {
    @Test
    void aLineChartWithAFixedTopAndAGap() {
        Chart.Line line = new Chart.Line("curve-accuracy-0", "Test accuracy (%)", "epoch", List.of(1, 2),
                List.of(new Chart.Series("cpu · seed 0", Arrays.asList(97.5, null))), 100);
        assertEquals("{\"charts\":[{\"canvas\":\"curve-accuracy-0\",\"kind\":\"line\",\"title\":\"Test accuracy (%)\","
                + "\"xLabel\":\"epoch\",\"labels\":[1,2],\"series\":[{\"label\":\"cpu · seed 0\",\"data\":[97.5,null]}],"
                + "\"horizontal\":false,\"yMax\":100}]}", new Chart.Data(List.of(line)).json());
    }

    @Test
    void aLineChartThatFitsItsDataHasNoTop() {
        Chart.Line line = new Chart.Line("curve-loss-0", "Training loss", "epoch", List.of(1), List.of(), null);
        assertEquals("{\"charts\":[{\"canvas\":\"curve-loss-0\",\"kind\":\"line\",\"title\":\"Training loss\","
                + "\"xLabel\":\"epoch\",\"labels\":[1],\"series\":[],\"horizontal\":false}]}",
                new Chart.Data(List.of(line)).json());
    }

    @Test
    void aHorizontalBarChartWithScriptSafeText() {
        Chart.Bar bar = new Chart.Bar("compare-speed", "Speed relative to cpu (×)", List.of("</script> · cuda vs cpu"),
                List.of(new Chart.Series("training", Arrays.asList((Double) null))), true);
        assertEquals("{\"charts\":[{\"canvas\":\"compare-speed\",\"kind\":\"bar\",\"title\":\"Speed relative to cpu (×)\","
                + "\"xLabel\":\"\",\"labels\":[\"\\u003c/script\\u003e · cuda vs cpu\"],"
                + "\"series\":[{\"label\":\"training\",\"data\":[null]}],\"horizontal\":true}]}",
                new Chart.Data(List.of(bar)).json());
    }
}
