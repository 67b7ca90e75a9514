package org.lenetlab.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.lenetlab.provenance.RunProvenance;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.Environment;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.LoadedExperiment;
import org.lenetlab.spec.LoadedModel;
import org.lenetlab.spec.SpecReader;

/**
 * Runs the cells of an experiment one after the other through a {@link CellExecutor}, rewriting
 * {@code results.json} atomically after every cell, so a crash loses at most the cell that was running. A resumed
 * run ({@link ResumePlan}) keeps the cells that finished before and runs the rest.
 */
public final class ExperimentRunner {
    private final CellExecutor executor;
    private final ExamplesSource examples;
    private final RunListener listener;
    private final BooleanSupplier stopRequested;

    /**
     * A runner.
     *
     * @param executor      runs each cell
     * @param examples      the data source, for the data files' digests
     * @param listener      progress
     * @param stopRequested polled between and inside cells; when true the run ends after marking the running cell
     */
    public ExperimentRunner(CellExecutor executor, ExamplesSource examples, RunListener listener,
                            BooleanSupplier stopRequested) {
        this.executor = executor;
        this.examples = examples;
        this.listener = listener;
        this.stopRequested = stopRequested;
    }

    /** Runs {@code cells} of {@code experiment} (named on the command line as {@code specArgument}) into {@code outDir}. */
    public ResultsFile run(LoadedExperiment experiment, String specArgument, List<CellSpec> cells, Path outDir) {
        return run(experiment, specArgument, cells, outDir, ResumePlan.NONE);
    }

    /**
     * Runs the cells of {@code experiment} that {@code resume} does not keep; the kept results stay in
     * {@code results.json} in matrix order, from the first write on.
     */
    public ResultsFile run(LoadedExperiment experiment, String specArgument, List<CellSpec> cells, Path outDir,
                           ResumePlan resume) {
        JsonNode resolved = resolvedSpec(experiment);
        String sha = specSha256(resolved);
        String startedAt = resume.startedAt() != null ? resume.startedAt() : Instant.now().toString();
        Environment environment = Environment.current();
        RunProvenance provenance = RunProvenance.collect(Path.of(""), sha,
                cells.stream().map(CellSpec::seed).toList(), Instant.parse(startedAt)).withData(examples.fileDigests());
        Map<String, CellResult> byId = new HashMap<>(resume.kept());
        List<CellResult> done = inMatrixOrder(cells, byId);
        ResultsFile results = new ResultsFile(experiment.spec().experiment(), specArgument, sha, resolved, startedAt,
                null, environment, examples.fileDigests(), List.copyOf(done), provenance);
        ResultsWriter.write(outDir, results);
        for (int i = 0; i < cells.size(); i++) {
            CellSpec cell = cells.get(i);
            if (resume.kept().containsKey(cell.id())) {
                listener.cellKept(i, cells.size(), resume.kept().get(cell.id()));
                continue;
            }
            if (stopRequested.getAsBoolean()) {
                break;
            }
            var training = listener.cellStarted(i, cells.size(), cell);
            CellResult result = executor.execute(cell, training, stopRequested);
            byId.put(cell.id(), result);
            done = inMatrixOrder(cells, byId);
            boolean last = i == cells.size() - 1 || result.status() == CellStatus.INTERRUPTED;
            Instant now = Instant.now();
            provenance = provenance.withBackend(result.backend(), result.device()).withData(examples.fileDigests());
            if (last) {
                provenance = provenance.finishedAt(now);
            }
            results = new ResultsFile(experiment.spec().experiment(), specArgument, sha, resolved, startedAt,
                    last ? now.toString() : null, environment, examples.fileDigests(), List.copyOf(done), provenance);
            ResultsWriter.write(outDir, results);
            listener.cellFinished(i, cells.size(), result);
            if (result.status() == CellStatus.INTERRUPTED) {
                break;
            }
        }
        if (results.finishedAt() == null) {
            Instant now = Instant.now();
            results = new ResultsFile(results.experiment(), specArgument, sha, resolved, startedAt,
                    now.toString(), environment, examples.fileDigests(), List.copyOf(done), provenance.finishedAt(now));
            ResultsWriter.write(outDir, results);
        }
        return results;
    }

    private static List<CellResult> inMatrixOrder(List<CellSpec> cells, Map<String, CellResult> byId) {
        List<CellResult> out = new ArrayList<>();
        for (CellSpec c : cells) {
            if (byId.containsKey(c.id())) {
                out.add(byId.get(c.id()));
            }
        }
        return out;
    }

    /** The experiment spec with every model inlined (without {@code $schema}) and every default filled in. */
    public static JsonNode resolvedSpec(LoadedExperiment experiment) {
        ObjectMapper mapper = SpecReader.strictMapper();
        ObjectNode node = mapper.valueToTree(experiment.spec());
        node.remove("$schema");
        ArrayNode models = node.putArray("models");
        for (LoadedModel m : experiment.models()) {
            models.add(mapper.valueToTree(m.spec().withoutSchema()));
        }
        return node;
    }

    /** SHA-256 (lower-case hex) of the canonical form of a resolved spec: keys sorted, no white space. */
    public static String specSha256(JsonNode resolved) {
        ObjectMapper canonical = SpecReader.strictMapper().copy();
        canonical.configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);
        try {
            byte[] bytes = canonical.writeValueAsString(resolved).getBytes(StandardCharsets.UTF_8);
            return ProvenanceUtil.hashArray(ProvenanceUtil.HashType.SHA256, bytes).toLowerCase(Locale.ROOT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a resolved spec", e);
        }
    }
}
