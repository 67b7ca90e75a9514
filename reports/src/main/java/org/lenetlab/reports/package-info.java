/**
 * HTML reports: one self-contained file, opened from disk with no network, that shows one or more results
 * directories side by side.
 *
 * <p>{@link org.lenetlab.reports.ResultsLoader} reads the results directories; results files written before they
 * recorded their models' architectures are upgraded there, once, by planning the models of their resolved spec (the
 * only place this module plans a model). {@code ReportModelBuilder} then composes the view model from one pure
 * builder per section, each a function of the loaded results: {@code HeaderBuilder}, {@code RunCardsBuilder},
 * {@code OverviewBuilder} and {@code SettingsTableBuilder} (over {@code CellGroups}, the cells grouped by model ×
 * backend × settings), {@code ComparisonBuilder}, and per model ({@code ModelSectionBuilder}, over
 * {@code ModelCatalog}) {@code CurvesBuilder}, {@code ArchitectureBuilder} (from the recorded
 * {@link org.lenetlab.results.ModelSummary}), {@code ConfusionBuilder} with {@code PerClassBuilder}, and
 * {@code DigitsBuilder}; then {@code ProblemsBuilder} and {@code InputNotesBuilder}. Charts are typed
 * ({@code Chart.Line}, {@code Chart.Bar}) and serialised to the JSON the page script reads.
 * {@code ReportRenderer} fills the Mustache template under {@code src/main/resources/org/lenetlab/reports/} with the
 * model, HTML-escaping every value and inlining Chart.js, the style sheet, the page script and the chart data (JSON
 * made safe for a {@code <script>} element). {@link org.lenetlab.reports.HtmlReport} is the entry point.
 */
package org.lenetlab.reports;
