package org.lenetlab.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the page header: title, description, dates, and whether (and why) the page reloads itself. */
final class HeaderBuilder {
    /** How often a report of a run that is still going reloads itself. */
    static final int REFRESH_SECONDS = 30;

    private HeaderBuilder() {
    }

    /**
     * The header.
     *
     * @param title          the experiment name(s), joined by " + "
     * @param description    the first run's experiment description, or empty
     * @param date           when the first run started
     * @param generatedAt    when this report was made
     * @param refreshSeconds the reload interval while a run is still going, else {@code null}
     * @param progress       a line about the runs still going, or empty
     */
    record Header(String title, String description, String date, String generatedAt, Integer refreshSeconds,
                  String progress) {
    }

    /** The header of a report on {@code runs} (not empty) made at {@code now}. */
    static Header build(List<LoadedResults> runs, Instant now) {
        List<LoadedResults> running = runs.stream().filter(r -> r.results().finishedAt() == null).toList();
        String progress = running.isEmpty() ? "" : running.stream()
                .map(r -> r.label() + " is still running (" + r.results().cells().size() + " cells finished so far)")
                .collect(Collectors.joining("; ")) + ". This page reloads itself every " + REFRESH_SECONDS + " s.";
        String title = runs.stream().map(r -> r.results().experiment()).distinct().collect(Collectors.joining(" + "));
        JsonNode first = runs.get(0).results().resolvedSpec();
        String description = first == null ? "" : first.path("description").asText("");
        return new Header(title, description, Formats.instant(runs.get(0).results().startedAt()), Formats.instant(now),
                running.isEmpty() ? null : REFRESH_SECONDS, progress);
    }
}
