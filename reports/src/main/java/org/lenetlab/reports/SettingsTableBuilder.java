package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the settings table: every setting of every overview row, each column marked as the same in every row or
 * differing, for the page's "differences only" view.
 */
final class SettingsTableBuilder {
    private SettingsTableBuilder() {
    }

    /** The table of {@code groups}, one row per group. */
    static ReportModel.Settings build(CellGroups groups) {
        List<ReportModel.SettingColumn> columns = groups.settingNames().stream()
                .map(name -> new ReportModel.SettingColumn(name, !groups.differs(name))).toList();
        List<ReportModel.SettingsRow> rows = new ArrayList<>();
        for (CellGroups.Group g : groups.groups()) {
            List<ReportModel.SettingValue> values = columns.stream()
                    .map(c -> new ReportModel.SettingValue(CellGroups.text(g.settings(), c.name()), c.same())).toList();
            rows.add(new ReportModel.SettingsRow(g.model(), g.backend(), values));
        }
        return new ReportModel.Settings(columns, rows, String.join(", ", groups.differingNames()));
    }
}
