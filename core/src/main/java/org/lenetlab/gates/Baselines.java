package org.lenetlab.gates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.lenetlab.io.InputFileException;
import org.lenetlab.io.InputFiles;
import org.lenetlab.io.InputKind;
import org.lenetlab.results.ResultsWriter;

/**
 * Reads and writes baseline files: indented JSON with arrays of plain values on one line, written atomically like
 * results files.
 */
public final class Baselines {
    private static final ObjectMapper MAPPER = ResultsWriter.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Baselines() {
    }

    /** Writes {@code baseline} to {@code file}, replacing it atomically; creates missing directories. */
    public static void write(Path file, Baseline baseline) {
        try {
            String json = CompactJson.write(MAPPER.valueToTree(baseline));
            ResultsWriter.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks a baseline file.
     *
     * @throws BaselineException with a one-line message when the file is missing, is not JSON, or is not a
     *                           baseline of this format
     */
    public static Baseline read(Path file) {
        Baseline baseline;
        try {
            if (!Files.exists(file)) {
                throw new BaselineException(file + ": baseline file not found");
            }
            baseline = MAPPER.readValue(InputFiles.readAllBytes(file, InputKind.BASELINE), Baseline.class);
        } catch (InputFileException e) {
            throw new BaselineException(e.getMessage());
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr();
            throw new BaselineException(file + where + ": not a valid baseline file: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BaselineException(file + ": cannot read the baseline file: " + e.getMessage());
        }
        if (baseline == null) {
            throw new BaselineException(file + ": not a valid baseline file: empty");
        }
        if (!Baseline.FORMAT.equals(baseline.format())) {
            throw new BaselineException(file + ": not a baseline file of format " + Baseline.FORMAT
                    + " (format: " + baseline.format() + ")");
        }
        if (baseline.experiment() == null || baseline.cells() == null || baseline.cells().isEmpty()) {
            throw new BaselineException(file + ": not a valid baseline file: it needs an experiment and at least one cell");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < baseline.cells().size(); i++) {
            BaselineCell cell = baseline.cells().get(i);
            if (cell == null || cell.id() == null || cell.parameters() == null) {
                throw new BaselineException(file + ": not a valid baseline file: cells[" + i
                        + "] needs an id and parameter counts");
            }
            if (!ids.add(cell.id())) {
                throw new BaselineException(file + ": not a valid baseline file: cell " + cell.id() + " appears twice");
            }
        }
        if (baseline.tolerances() == null) {
            baseline = new Baseline(baseline.format(), baseline.experiment(), baseline.spec(), baseline.specSha256(),
                    baseline.resolvedSpec(), baseline.createdAt(), Tolerances.DEFAULTS, baseline.provenance(),
                    baseline.cells());
        }
        return baseline;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
