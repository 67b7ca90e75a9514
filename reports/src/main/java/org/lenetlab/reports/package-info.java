/**
 * HTML reports: one self-contained file, opened from disk with no network, that shows one or more results
 * directories side by side.
 *
 * <p>{@link org.lenetlab.reports.ResultsLoader} reads the results directories, {@code ReportModelBuilder} turns
 * them into a view model (groups of cells aggregated over seeds, backend comparisons, settings diffs, model
 * architectures, confusion matrices, misclassified digits), and {@code ReportRenderer} fills the Mustache template
 * under {@code src/main/resources/org/lenetlab/reports/} with it, HTML-escaping every value and inlining Chart.js,
 * the style sheet, the page script and the chart data (JSON made safe for a {@code <script>} element).
 * {@link org.lenetlab.reports.HtmlReport} is the entry point.
 */
package org.lenetlab.reports;
