package org.lenetlab.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lenetlab.io.InputFileException;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelReference;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.SpecException;
import org.lenetlab.spec.SpecProblem;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.spec.StoredSpecs;

/**
 * Reads results directories (or their {@code results.json} files) for a report, with one-line errors. Results files
 * written before architectures were recorded are brought up to date once, here (see
 * {@link #withArchitectures(Path, ResultsFile)}).
 */
public final class ResultsLoader {
    private ResultsLoader() {
    }

    /** Reads each of {@code paths}, in order; see {@link #load(Path)}. */
    public static List<LoadedResults> loadAll(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new ReportInputException("no results directory given");
        }
        List<LoadedResults> loaded = new ArrayList<>(paths.size());
        for (Path p : paths) {
            loaded.add(load(p));
        }
        return loaded;
    }

    /**
     * Reads the results of a run: {@code path} is its output directory or the {@code results.json} in it. An older
     * file without architectures gets them from its resolved spec.
     *
     * @throws ReportInputException when the path does not exist, the directory has no results file, or the file
     *                              cannot be read or is not a results file
     */
    public static LoadedResults load(Path path) {
        Path file;
        Path dir;
        if (Files.isDirectory(path)) {
            dir = path;
            file = path.resolve(ResultsWriter.FILE_NAME);
            if (!Files.exists(file)) {
                throw new ReportInputException(path + " has no " + ResultsWriter.FILE_NAME
                        + " (give the --out directory of a 'lenet run')");
            }
        } else if (Files.exists(path)) {
            file = path;
            Path parent = path.toAbsolutePath().getParent();
            dir = parent == null ? path : parent;
        } else {
            throw new ReportInputException("no such results directory: " + path);
        }
        ResultsFile results;
        try {
            results = ResultsWriter.read(file);
        } catch (InputFileException e) {
            throw new ReportInputException("cannot read " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ReportInputException("cannot read " + file + ": not a valid results file" + where + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ReportInputException("cannot read " + file + ": " + firstLine(String.valueOf(e.getMessage())), e);
        }
        if (results == null || results.cells() == null || results.experiment() == null) {
            throw new ReportInputException("cannot read " + file + ": not a LeNet Lab results file (it lacks "
                    + (results == null || results.experiment() == null ? "\"experiment\"" : "\"cells\"") + ")");
        }
        for (var cell : results.cells()) {
            if (cell == null || cell.id() == null || cell.model() == null || cell.backend() == null
                    || cell.status() == null) {
                throw new ReportInputException("cannot read " + file + ": a cell lacks its id, model, backend or status");
            }
        }
        return withArchitectures(dir, results);
    }

    /**
     * Compatibility step for results files written before they recorded their models' architectures
     * ({@link ResultsFile#models()} is {@code null}): plans each model of the resolved spec once, here, and fills in
     * its {@link ModelSummary}, so that the report reads architectures from the results alone. This is the only place
     * the reports module plans a model. A model that cannot be read or planned is left out of {@code models}, and
     * why is kept in {@link LoadedResults#architectureProblems()}. Files that record architectures, and files without
     * a resolved spec, are returned as they are.
     */
    static LoadedResults withArchitectures(Path dir, ResultsFile results) {
        if (results.models() != null || results.resolvedSpec() == null) {
            return new LoadedResults(dir, results);
        }
        ObjectMapper specs = StoredSpecs.tolerant(SpecReader.strictMapper());
        List<ModelSummary> summaries = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (JsonNode entry : results.resolvedSpec().path("models")) {
            JsonNode node = ModelReference.modelOf(entry);
            String name = node.path("name").asText(null);
            if (name == null || problems.containsKey(name)
                    || summaries.stream().anyMatch(s -> s.model().equals(name))) {
                continue;
            }
            ModelSpec spec;
            try {
                spec = specs.treeToValue(node, ModelSpec.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.put(name, "cannot read the model spec: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                continue;
            }
            try {
                summaries.add(ModelSummary.of(ModelPlanner.plan(spec, 0)));
            } catch (SpecException e) {
                problems.put(name, "cannot plan the model: "
                        + e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
            }
        }
        ResultsFile upgraded = new ResultsFile(results.experiment(), results.spec(), results.specSha256(),
                results.resolvedSpec(), results.startedAt(), results.finishedAt(), results.environment(),
                results.data(), results.cells(), results.provenance(), summaries);
        return new LoadedResults(dir, upgraded, problems);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
