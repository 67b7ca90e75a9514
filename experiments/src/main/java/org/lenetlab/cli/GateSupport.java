package org.lenetlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.gates.Tolerances;
import org.lenetlab.io.InputFileException;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.ExperimentService;

/** What {@code lenet baseline} and {@code lenet verify} share: running a spec as {@code lenet run} does, reading results. */
final class GateSupport {
    private GateSupport() {
    }

    /**
     * Reads, checks and expands an experiment spec through the experiment service (problems surface as
     * {@code SpecException}, exit 2).
     */
    static ExperimentService.Prepared prepare(ExperimentService service, Path spec) {
        return service.prepare(spec, ExperimentService.Overrides.NONE, Runtime.getRuntime().maxMemory());
    }

    /**
     * Runs {@code prepared} into {@code outDir} exactly as {@code lenet run SPEC --out DIR [--data-dir D]} would,
     * printing its progress.
     */
    static RunSession.Outcome run(ExperimentService service, BackendRegistry registry,
                                  ExperimentService.Prepared prepared, Path outDir, Path dataDir, PrintWriter out,
                                  PrintWriter err) throws IOException {
        return new RunSession(service, registry, out, err).run(prepared, outDir, RunSession.Options.plain(dataDir));
    }

    /** {@code runs/<experiment>-<kind>-<timestamp>}. */
    static Path defaultRunDir(String experiment, String kind) {
        String safe = experiment.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "experiment" + safe;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        return Path.of("runs", safe + "-" + kind + "-" + stamp);
    }

    /** Reads {@code dir/results.json}; a missing or unreadable file is bad input (one line, exit 2). */
    static ResultsFile readResults(Path dir) {
        Path file = Files.isDirectory(dir) ? dir.resolve(ResultsWriter.FILE_NAME) : dir;
        if (!Files.exists(file)) {
            throw new UsageException(file + ": results file not found");
        }
        ResultsFile results;
        try {
            results = ResultsWriter.read(file);
        } catch (InputFileException e) {
            throw new UsageException(e.getMessage());
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new UsageException(file + ": not a valid results file: " + message);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read the results file: " + e.getMessage());
        }
        if (results == null || results.experiment() == null || results.cells() == null) {
            throw new UsageException(file + ": not a LeNet Lab results file (it lacks "
                    + (results == null || results.experiment() == null ? "\"experiment\"" : "\"cells\"") + ")");
        }
        for (var cell : results.cells()) {
            if (cell == null || cell.id() == null || cell.model() == null || cell.backend() == null
                    || cell.status() == null) {
                throw new UsageException(file + ": not a LeNet Lab results file: a cell lacks its id, model, backend"
                        + " or status");
            }
        }
        return results;
    }

    /** Checks that a run given with {@code --results} is a run of {@code spec}. */
    static void checkSameSpec(Path spec, ResultsFile results, Path resultsDir) {
        String sha = prepare(new ExperimentService(BackendRegistry.discover()), spec).specSha256();
        if (!sha.equals(results.specSha256())) {
            throw new UsageException(resultsDir + " is a run of another spec than " + spec + " (spec sha256 "
                    + shortHash(results.specSha256()) + ", " + spec + " has " + shortHash(sha)
                    + "); leave SPEC out to take the run as it is");
        }
    }

    /** The default tolerances overridden by {@code --tolerance} arguments; a bad one is bad input. */
    static Tolerances tolerances(Tolerances defaults, List<String> arguments) {
        try {
            return defaults.override(arguments);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String shortHash(String hex) {
        return hex == null ? "(none)" : hex.substring(0, Math.min(12, hex.length()));
    }
}
