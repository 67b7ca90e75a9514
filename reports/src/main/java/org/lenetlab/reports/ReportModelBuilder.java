package org.lenetlab.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Composes a {@link ReportModel} from the section builders: groups the cells once ({@link CellGroups}), lists the
 * models ({@link ModelCatalog}), then asks each builder for its section. The builders are pure functions of the
 * loaded results and share no mutable state; the notes, charts and digit images each returns are gathered here.
 */
final class ReportModelBuilder {
    private ReportModelBuilder() {
    }

    /**
     * The report model of {@code runs}.
     *
     * @param runs   the results directories, in the order given (at least one)
     * @param images the MNIST test images, when available
     * @param now    the report's time stamp
     */
    static ReportModel build(List<LoadedResults> runs, Optional<TestImages> images, Instant now) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no results to report on");
        }
        boolean severalRuns = runs.size() > 1;
        List<RunCell> cells = RunCell.of(runs);
        ModelCatalog catalog = ModelCatalog.of(runs, cells);
        List<String> modelOrder = catalog.names();
        CellGroups groups = CellGroups.of(cells, modelOrder);
        ReportModel.Settings settings = SettingsTableBuilder.build(groups);
        List<ReportModel.GroupRow> overview = OverviewBuilder.build(groups, modelOrder);
        ReportModel.Comparison comparison = ComparisonBuilder.build(groups);

        List<ReportModel.Model> models = new ArrayList<>();
        List<String> notes = new ArrayList<>(catalog.notes());
        for (int i = 0; i < catalog.models().size(); i++) {
            ModelCatalog.Entry model = catalog.models().get(i);
            List<RunCell> own = cells.stream().filter(l -> l.cell().model().equals(model.name())).toList();
            models.add(ModelSectionBuilder.build(i, model, own, groups, images, severalRuns));
            ArchitectureBuilder.parameterNote(model, own).ifPresent(notes::add);
        }
        notes.addAll(InputNotesBuilder.build(runs, images));
        String inspections = InspectionsBuilder.build(cells, modelOrder, images, notes);

        List<Chart> charts = new ArrayList<>(comparison.charts());
        models.forEach(m -> m.curves().forEach(c -> charts.addAll(c.charts())));
        String digitCss = images.map(i -> DigitImages.css(i.images(),
                DigitsBuilder.drawn(models.stream().flatMap(m -> m.digits().stream()).toList()))).orElse("");

        HeaderBuilder.Header header = HeaderBuilder.build(runs, now);
        return new ReportModel(header.title(), header.description(), header.date(), header.generatedAt(),
                header.refreshSeconds(), header.progress(), RunCardsBuilder.build(runs), notes, overview,
                !settings.differing().isEmpty(), settings, PaperTableBuilder.build(cells), comparison, models, ProblemsBuilder.build(cells),
                new Chart.Data(charts).json(), digitCss, inspections);
    }
}
