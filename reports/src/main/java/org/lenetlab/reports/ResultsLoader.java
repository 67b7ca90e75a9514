package org.lenetlab.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/** Reads results directories (or their {@code results.json} files) for a report, with one-line errors. */
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
     * Reads the results of a run: {@code path} is its output directory or the {@code results.json} in it.
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
            if (!Files.isRegularFile(file)) {
                throw new ReportInputException(path + " has no " + ResultsWriter.FILE_NAME
                        + " (give the --out directory of a 'lenet run')");
            }
        } else if (Files.isRegularFile(path)) {
            file = path;
            Path parent = path.toAbsolutePath().getParent();
            dir = parent == null ? path : parent;
        } else {
            throw new ReportInputException("no such results directory: " + path);
        }
        ResultsFile results;
        try {
            results = ResultsWriter.read(file);
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
        return new LoadedResults(dir, results);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
