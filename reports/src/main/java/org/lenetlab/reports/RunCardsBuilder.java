package org.lenetlab.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.ResultsFile;

/**
 * Builds the "Runs" section: one card per results directory with where and how it ran (environment, devices, data
 * files, the resolved spec) and how its cells ended.
 */
final class RunCardsBuilder {
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunCardsBuilder() {
    }

    /** A card per run, in the order given. */
    static List<ReportModel.Run> build(List<LoadedResults> runs) {
        return runs.stream().map(RunCardsBuilder::card).toList();
    }

    /** The card of one run. */
    static ReportModel.Run card(LoadedResults loaded) {
        ResultsFile r = loaded.results();
        List<ReportModel.Entry> environment = new ArrayList<>();
        if (r.environment() != null) {
            environment.add(new ReportModel.Entry("Java", String.valueOf(r.environment().java())));
            environment.add(new ReportModel.Entry("OS", String.valueOf(r.environment().os())));
            environment.add(new ReportModel.Entry("CPU", String.valueOf(r.environment().cpu())));
            environment.add(new ReportModel.Entry("cores", Integer.toString(r.environment().cores())));
        }
        Map<String, String> devices = new LinkedHashMap<>();
        for (CellResult c : r.cells()) {
            if (c.device() != null) {
                devices.merge(c.backend(), c.device(), (a, b) -> a.equals(b) || a.contains(b) ? a : a + "; " + b);
            }
        }
        List<ReportModel.Entry> data = r.data() == null ? List.of() : r.data().entrySet().stream()
                .map(e -> new ReportModel.Entry(e.getKey(), e.getValue())).toList();
        String spec;
        try {
            spec = r.resolvedSpec() == null ? "(not recorded)" : PRETTY.writeValueAsString(r.resolvedSpec());
        } catch (JsonProcessingException e) {
            spec = "(cannot be shown: " + e.getOriginalMessage() + ")";
        }
        List<RunCell> cells = r.cells().stream().map(c -> new RunCell(c, loaded)).toList();
        return new ReportModel.Run(loaded.label(), loaded.directory().toString(), r.experiment(),
                r.spec() == null ? "" : r.spec(), r.specSha256() == null ? "" : r.specSha256(),
                Formats.instant(r.startedAt()), r.finishedAt() == null ? "still running" : Formats.instant(r.finishedAt()),
                environment, devices.entrySet().stream().map(e -> new ReportModel.Entry(e.getKey(), e.getValue())).toList(),
                data, spec, RunCell.cellsText(cells, "no cell finished yet"));
    }
}
