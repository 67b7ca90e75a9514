package org.lenetlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.gates.Tolerances;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.ExperimentRunner;
import org.lenetlab.spec.LoadedExperiment;
import org.lenetlab.spec.SpecReader;

/** What {@code lenet baseline} and {@code lenet verify} share: running a spec through {@code lenet run}, reading results. */
final class GateSupport {
    private GateSupport() {
    }

    /** Reads and checks an experiment spec (problems surface as {@code SpecException}, exit 2). */
    static LoadedExperiment readSpec(Path spec) {
        return new SpecReader().readExperiment(spec, BackendRegistry.discover().names());
    }

    /**
     * Runs {@code spec} exactly as {@code lenet run SPEC --out DIR [--data-dir D]} would, printing its progress.
     *
     * @return {@code lenet run}'s exit code
     */
    static int run(Path spec, Path outDir, Path dataDir, boolean verbose, PrintWriter out, PrintWriter err) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", outDir.toString()));
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        if (verbose) {
            args.add("--verbose");
        }
        return LenetCommand.execute(out, err, args.toArray(String[]::new));
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
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": results file not found");
        }
        try {
            return ResultsWriter.read(file);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new UsageException(file + ": not a valid results file: " + message);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read the results file: " + e.getMessage());
        }
    }

    /** Checks that a run given with {@code --results} is a run of {@code spec}. */
    static void checkSameSpec(Path spec, ResultsFile results, Path resultsDir) {
        String sha = ExperimentRunner.specSha256(ExperimentRunner.resolvedSpec(readSpec(spec)));
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
