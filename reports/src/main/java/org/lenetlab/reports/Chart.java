package org.lenetlab.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The data of one chart on the page, as the page script ({@code report.js}) reads it from the embedded JSON: a line
 * chart of a value per epoch, or a bar chart of a value per category. Both serialise to one JSON object with the keys
 * {@code canvas, kind, title, xLabel, labels, series, horizontal} and, for a line chart with a fixed top,
 * {@code yMax}.
 */
sealed interface Chart permits Chart.Line, Chart.Bar {

    /** The id of the {@code <canvas>} the chart is drawn on. */
    String canvas();

    /**
     * A named row of values, one per label; {@code null} values are gaps (e.g. an epoch a cell did not reach, or a
     * ratio without a baseline).
     *
     * @param label  the legend's text
     * @param values one value per label of the chart, {@code null} for none; written as {@code data}
     */
    @JsonPropertyOrder({"label", "data"})
    record Series(String label, @JsonProperty("data") List<Double> values) {
        /** Copies the values, keeping {@code null} gaps. */
        public Series {
            Objects.requireNonNull(label, "label");
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /**
     * A line chart with epochs on the x axis.
     *
     * @param canvas the canvas id
     * @param title  the title
     * @param xLabel the x axis's title, or empty
     * @param labels the x values (epoch numbers)
     * @param series the lines
     * @param yMax   the top of the y axis, or {@code null} to fit the data (then left out of the JSON)
     */
    @JsonPropertyOrder({"canvas", "kind", "title", "xLabel", "labels", "series", "horizontal", "yMax"})
    record Line(String canvas, String title, String xLabel, List<Integer> labels, List<Series> series,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer yMax) implements Chart {
        /** Copies the lists. */
        public Line {
            labels = List.copyOf(labels);
            series = List.copyOf(series);
        }

        /** {@code line}. */
        @JsonProperty("kind")
        public String kind() {
            return "line";
        }

        /** Always {@code false}: line charts are not turned on their side. */
        @JsonProperty("horizontal")
        public boolean horizontal() {
            return false;
        }
    }

    /**
     * A bar chart with one group of bars per category.
     *
     * @param canvas     the canvas id
     * @param title      the title
     * @param labels     the categories
     * @param series     the bars of each category
     * @param horizontal whether the bars run left to right (categories on the y axis)
     */
    @JsonPropertyOrder({"canvas", "kind", "title", "xLabel", "labels", "series", "horizontal"})
    record Bar(String canvas, String title, List<String> labels, List<Series> series, boolean horizontal)
            implements Chart {
        /** Copies the lists. */
        public Bar {
            labels = List.copyOf(labels);
            series = List.copyOf(series);
        }

        /** {@code bar}. */
        @JsonProperty("kind")
        public String kind() {
            return "bar";
        }

        /** Empty: the categories name themselves. */
        @JsonProperty("xLabel")
        public String xLabel() {
            return "";
        }
    }

    /**
     * Every chart of a report, the root of the embedded JSON ({@code {"charts": [...]}}).
     *
     * @param charts in page order
     */
    record Data(List<Chart> charts) {
        /** Copies the list. */
        public Data {
            charts = List.copyOf(charts);
        }

        /** The JSON, safe to place inside a {@code <script>} element (see {@link SafeJson}). */
        String json() {
            return SafeJson.write(this);
        }
    }
}
