package org.lenetlab.reports;

import java.util.List;

/**
 * What the template shows, already formatted as text (the template HTML-escapes every value), with the chart data as
 * script-safe JSON. Composed by {@link ReportModelBuilder} from one builder per section; empty lists stand for absent
 * parts. Immutable.
 *
 * @param title          the experiment name(s)
 * @param description    the experiment's description (of the first run), or empty
 * @param date           when the first run started
 * @param generatedAt    when this report was made
 * @param refreshSeconds reload interval while a run is still going, else {@code null} (no reload)
 * @param progress       a line about a run in progress, or empty
 * @param runs           each results directory
 * @param notes          warnings about the inputs (different data files, model definitions, missing images)
 * @param overview       one row per model × backend × settings
 * @param settingsDiffer whether some setting differs between overview rows (else the settings column is left out)
 * @param settings       the settings of each row, for the "differences only" view
 * @param paper          finished cells of models in the 1998 paper's table, next to its figures
 * @param comparison     the backend comparison
 * @param models         per-model sections
 * @param problems       failed, skipped and interrupted cells
 * @param chartData      script-safe JSON of every chart ({@code {"charts": [...]}})
 * @param digitCss       CSS rules with the embedded digit images
 * @param inspections    the "Inside the networks" panels (HTML with inline images), or {@code null} for none
 */
record ReportModel(String title, String description, String date, String generatedAt, Integer refreshSeconds,
                   String progress, List<Run> runs, List<String> notes, List<GroupRow> overview, boolean settingsDiffer,
                   Settings settings, List<PaperCell> paper,
                   Comparison comparison, List<Model> models, List<Problem> problems, String chartData,
                   String digitCss, String inspections) {

    /** Copies the lists. */
    ReportModel {
        runs = List.copyOf(runs);
        notes = List.copyOf(notes);
        overview = List.copyOf(overview);
        paper = List.copyOf(paper);
        models = List.copyOf(models);
        problems = List.copyOf(problems);
    }

    /**
     * A cell next to the 1998 paper's figure for the same model and training.
     *
     * @param row        the paper's row, e.g. {@code LeNet-5, distortions}
     * @param cell       the cell's id
     * @param error      the cell's test error
     * @param published  the paper's test error
     * @param difference the cell's minus the paper's, in points
     * @param met        whether the cell's error is at most the paper's
     */
    record PaperCell(String row, String cell, String error, String published, String difference, boolean met) {
    }

    /** A name and a value. */
    record Entry(String name, String value) {
    }

    /**
     * One results directory.
     *
     * @param label        its directory name
     * @param path         its path
     * @param experiment   the experiment's name
     * @param spec         the spec file as given to {@code lenet run}
     * @param specSha256   the resolved spec's digest
     * @param startedAt    when it started
     * @param finishedAt   when it finished, or "still running"
     * @param environment  Java, OS, CPU and cores
     * @param devices      backend → device descriptions
     * @param data         data file → SHA-256
     * @param resolvedSpec the resolved spec, pretty JSON
     * @param cells        how many cells it holds and how they ended
     */
    record Run(String label, String path, String experiment, String spec, String specSha256, String startedAt,
               String finishedAt, List<Entry> environment, List<Entry> devices, List<Entry> data,
               String resolvedSpec, String cells) {
    }

    /**
     * A value in a table cell.
     *
     * @param text   shown
     * @param detail shown smaller after it (e.g. min–max), or empty
     * @param sort   the number the column sorts by, or empty when there is none
     * @param best   whether it is the best value of its column
     */
    record Metric(String text, String detail, String sort, boolean best) {
        static final Metric NONE = new Metric("—", "", "", false);
    }

    /**
     * A row of the overview: cells of one model, backend and settings, aggregated over seeds.
     *
     * @param model           the model
     * @param modelAnchor     the id of the model's architecture section
     * @param backend         the backend
     * @param settings        the settings in which this row differs from others, or "—"
     * @param seeds           the seeds of its cells
     * @param accuracy        test accuracy mean ± std (min–max)
     * @param parameters      trainable parameters
     * @param secondsPerEpoch training seconds per epoch
     * @param trainSpeed      training images per second
     * @param inferenceSpeed  inference images per second
     * @param status          how its cells ended
     * @param statusClass     CSS class of the status
     */
    record GroupRow(String model, String modelAnchor, String backend, String settings, String seeds, Metric accuracy,
                    Metric parameters, Metric secondsPerEpoch, Metric trainSpeed, Metric inferenceSpeed,
                    String status, String statusClass) {
    }

    /**
     * The settings table.
     *
     * @param columns   every setting
     * @param rows      one per overview row
     * @param differing the names of the settings that differ between rows, or empty
     */
    record Settings(List<SettingColumn> columns, List<SettingsRow> rows, String differing) {
    }

    /** A setting; {@code same} when every row has the same value. */
    record SettingColumn(String name, boolean same) {
    }

    /** The settings of one overview row. */
    record SettingsRow(String model, String backend, List<SettingValue> values) {
    }

    /** One setting's value in a row; {@code same} when every row has it. */
    record SettingValue(String text, boolean same) {
    }

    /**
     * The backend comparison.
     *
     * @param rows     one per model × settings × non-baseline backend found with the baseline
     * @param note     said instead of the table and chart when there is nothing to compare, else empty
     * @param baseline the backend the others are compared with
     * @param charts   the speed-ratio and accuracy-difference charts, or none when there are no rows
     */
    record Comparison(List<ComparisonRow> rows, String note, String baseline, List<Chart> charts) {
        /** Copies the lists. */
        Comparison {
            rows = List.copyOf(rows);
            charts = List.copyOf(charts);
        }
    }

    /** One backend against the baseline, for one model and settings. */
    record ComparisonRow(String model, String settings, String baseline, String backend, String baselineAccuracy,
                         String accuracy, String accuracyDelta, String deltaClass, String trainRatio,
                         String inferenceRatio) {
    }

    /**
     * Everything about one model.
     *
     * @param name         its name
     * @param anchor       the id of its sections
     * @param description  its description, or empty
     * @param cells        a line about its cells
     * @param curves       its learning-curve charts, or empty when no epoch finished
     * @param architecture its layers
     * @param confusion    its confusion matrix and per-class metrics, or empty when no cell finished
     * @param digits       misclassified digits of each finished cell
     */
    record Model(String name, String anchor, String description, String cells, List<Curves> curves,
                 Architecture architecture, List<Confusion> confusion, List<CellDigits> digits) {
    }

    /**
     * A model's two learning-curve charts.
     *
     * @param accuracy the test accuracy per epoch
     * @param loss     the training loss per epoch
     * @param note     a remark (e.g. that single epochs make single points), or empty
     */
    record Curves(Chart.Line accuracy, Chart.Line loss, String note) {
        /** The id of the test-accuracy chart's canvas. */
        public String accuracyCanvas() {
            return accuracy.canvas();
        }

        /** The id of the training-loss chart's canvas. */
        public String lossCanvas() {
            return loss.canvas();
        }

        /** Both charts, accuracy first. */
        public List<Chart> charts() {
            return List.of(accuracy, loss);
        }
    }

    /**
     * A model's architecture, as {@code lenet summary} prints it.
     *
     * @param input  the input shape
     * @param layers the layers
     * @param total  the totals
     * @param error  why it could not be planned, else empty
     */
    record Architecture(String input, List<Layer> layers, List<Layer> total, String error) {
    }

    /** A layer row. */
    record Layer(String name, String type, String output, String trainable, String fixed, String connections) {
    }

    /**
     * A confusion matrix summed over a model's finished cells, and the per-class metrics it gives.
     *
     * @param caption  which cells it sums
     * @param labels   the class labels
     * @param rows     one per true class
     * @param perClass precision, recall and F1 of each class
     */
    record Confusion(String caption, List<String> labels, List<ConfusionRow> rows, List<ClassRow> perClass) {
    }

    /** A row of the matrix: the true class and its counts by predicted class. */
    record ConfusionRow(String label, List<ConfusionCell> cells) {
    }

    /** A count with its heat-map colour and a tooltip. */
    record ConfusionCell(String count, String style, String title) {
    }

    /** Metrics of a class. */
    record ClassRow(String label, String precision, String recall, String f1, String support, boolean worst) {
    }

    /**
     * A cell's misclassified test digits.
     *
     * @param id      the cell
     * @param caption how many are shown of how many
     * @param open    whether its section starts unfolded
     * @param digits  the digits shown
     */
    record CellDigits(String id, String caption, boolean open, List<Digit> digits) {
    }

    /**
     * A misclassified test image.
     *
     * @param index     its index in the test set
     * @param truth     its label, or "?" without the images
     * @param predicted the predicted label, or "?" when the results file does not record it
     * @param cssClass  the class that shows it, or empty without the images
     * @param title     a tooltip
     */
    record Digit(int index, String truth, String predicted, String cssClass, String title) {
    }

    /** A cell that did not finish. */
    record Problem(String id, String status, String reason, String run) {
    }
}
