package org.lenetlab.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.io.InputFileException;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.provenance.RunProvenance;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.Environment;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.Limits;
import org.lenetlab.spec.LoadedExperiment;
import org.lenetlab.spec.LoadedModel;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.spec.TrainingSpec;
import org.lenetlab.train.TrainingListener;

/**
 * The one way an experiment runs, whatever asked for it ({@code run}, {@code baseline}, {@code verify}): read and
 * validate the spec, expand its matrix into planned {@link Cell}s, refuse up front what cannot fit, then run every
 * cell through a {@link CellExecutor}, writing each finished cell's file ({@link CellFiles}) and rewriting
 * {@code results.json} atomically after each, so a crash loses at most the cells that were running. A bug that escapes a cell ends the run: the results of the finished cells are
 * written as final, and the exception propagates. A resumed run ({@link ResumePlan}) keeps the cells that finished before and runs
 * the rest. The executor is the place to plug in another way of running cells (other processes, a cluster).
 */
public final class ExperimentService {
    private final BackendRegistry backends;

    /** A service over the backends of {@code backends}. */
    public ExperimentService(BackendRegistry backends) {
        this.backends = backends;
    }

    /**
     * Reads and plans a model spec file as an experiment naming it would (MNIST's input, ten classes): the way code
     * outside the spec package, such as a backend's tools, turns a model file into a plan.
     *
     * @throws org.lenetlab.spec.SpecException for a bad spec, with file, line, column and JSON path
     */
    public static ModelPlan planModel(Path file) {
        return new SpecReader().readMnistModel(file).plan();
    }

    /**
     * What the command line changes in a spec's matrix.
     *
     * @param backends   backends to use instead of the spec's, or empty for the spec's
     * @param epochs     epochs instead of the spec's, or {@code null}
     * @param trainLimit training-set limit instead of the spec's, or {@code null}
     */
    public record Overrides(List<String> backends, Integer epochs, Integer trainLimit) {
        /** The spec as written. */
        public static final Overrides NONE = new Overrides(List.of(), null, null);

        /** Copies the list. */
        public Overrides {
            backends = List.copyOf(backends);
        }
    }

    /**
     * An experiment read, validated and expanded, ready to run.
     *
     * @param experiment   the spec and its models, each planned once
     * @param specArgument the spec file as named on the command line (results record it)
     * @param cells        the matrix, in order
     * @param resolvedSpec the spec with every model inlined and every default filled in
     * @param specSha256   the SHA-256 of {@code resolvedSpec}'s canonical form: what identifies the experiment
     */
    public record Prepared(LoadedExperiment experiment, String specArgument, List<Cell> cells, JsonNode resolvedSpec,
                          String specSha256) {
        /** Copies the list. */
        public Prepared {
            cells = List.copyOf(cells);
            resolvedSpec = resolvedSpec.deepCopy();
        }

        /** A copy of the resolved spec. */
        @Override
        public JsonNode resolvedSpec() {
            return resolvedSpec.deepCopy();
        }

        /** The experiment's name. */
        public String name() {
            return experiment.spec().experiment();
        }
    }

    /**
     * Reads and validates {@code specFile} (every model planned once), applies {@code overrides} and expands the
     * matrix.
     *
     * @param heapBytes the JVM's maximum heap ({@link Runtime#maxMemory()}), to refuse cells that cannot fit
     * @throws org.lenetlab.spec.SpecException for a bad spec, with file, line, column and JSON path
     * @throws RunInputException               for a bad override or a cell that cannot fit in memory
     */
    public Prepared prepare(Path specFile, Overrides overrides, long heapBytes) {
        checkOverrides(overrides);
        LoadedExperiment experiment = new SpecReader().readExperiment(specFile, backends.names());
        List<Cell> cells = ExperimentMatrix.expand(experiment, overrides.backends(), overrides.epochs(),
                overrides.trainLimit());
        List<String> tooLarge = tooLarge(cells, heapBytes);
        if (!tooLarge.isEmpty()) {
            throw new RunInputException(specFile + ": " + tooLarge.get(0)
                    + (tooLarge.size() > 1 ? " (and " + (tooLarge.size() - 1) + " more cells)" : ""));
        }
        JsonNode resolved = resolvedSpec(experiment);
        return new Prepared(experiment, specFile.toString(), cells, resolved, sha256(resolved));
    }

    private void checkOverrides(Overrides overrides) {
        if (overrides.epochs() != null && Limits.outside(overrides.epochs(), Limits.MAX_EPOCHS) != null) {
            throw new RunInputException("--epochs " + Limits.outside(overrides.epochs(), Limits.MAX_EPOCHS));
        }
        if (overrides.trainLimit() != null
                && Limits.outside(overrides.trainLimit(), Limits.MAX_TRAIN_IMAGES) != null) {
            throw new RunInputException("--limit-train "
                    + Limits.outside(overrides.trainLimit(), Limits.MAX_TRAIN_IMAGES));
        }
        for (String b : overrides.backends()) {
            if (!backends.contains(b)) {
                throw new RunInputException("unknown backend '" + b + "' in --backend; backends found: "
                        + String.join(", ", backends.names()));
            }
        }
    }

    /**
     * One line per cell whose estimated memory ({@link MemoryEstimate}) exceeds what its backend may allocate or
     * what the JVM's heap can hold; cells whose backend cannot run here are not checked (they are skipped anyway).
     */
    private List<String> tooLarge(List<Cell> cells, long heapBytes) {
        List<String> problems = new ArrayList<>();
        for (Cell cell : cells) {
            MemoryEstimate estimate = MemoryEstimate.of(cell.plan(), cell.spec().settings());
            long budget;
            try {
                budget = backends.get(cell.spec().backend()).memoryBudgetBytes();
            } catch (BackendUnavailableException | IllegalArgumentException e) {
                continue;
            }
            if (budget > 0 && estimate.backendBytes() > budget) {
                problems.add("cell " + cell.id() + " needs about " + estimate.describeBackend() + " at batch size "
                        + cell.spec().settings().batchSize() + ", but the " + cell.spec().backend()
                        + " backend may allocate " + MemoryEstimate.size(budget)
                        + "; lower batchSize or raise the limit (e.g. LENET_JAVA_OPTS=-Xmx16g)");
            } else if (estimate.hostBytes() > heapBytes) {
                problems.add("cell " + cell.id() + " needs about " + MemoryEstimate.size(estimate.hostBytes())
                        + " of heap for the data set, but the JVM may use " + MemoryEstimate.size(heapBytes)
                        + "; raise the limit (e.g. LENET_JAVA_OPTS=-Xmx8g)");
            }
        }
        return problems;
    }

    /**
     * What to keep of the run whose results are in {@code outDir}, to continue it with {@code prepared}: the finished
     * cells of its {@code results.json} and of its cell files ({@link CellFiles}), whatever executor ran them.
     *
     * @throws RunInputException when its results cannot be read, or resuming is refused
     */
    public ResumePlan resumePlan(Path outDir, Prepared prepared, boolean force) {
        Path file = outDir.resolve(ResultsWriter.FILE_NAME);
        ResultsFile previous;
        try {
            previous = ResultsWriter.read(file);
        } catch (InputFileException e) {
            throw new RunInputException("cannot resume: " + e.getMessage());
        } catch (IOException e) {
            throw new RunInputException("cannot resume: " + file + " is not a readable results file: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (previous == null || previous.cells() == null) {
            throw new RunInputException("cannot resume: " + file + " is not a results file");
        }
        try {
            return ResumePlan.of(previous, prepared.specSha256(), prepared.cells(), force)
                    .withCellFiles(outDir, prepared.cells());
        } catch (ResumePlan.RefusedException e) {
            throw new RunInputException("cannot resume " + outDir + ": " + e.getMessage());
        }
    }

    /**
     * Runs the cells of {@code prepared} that {@code resume} does not keep, in matrix order, into {@code outDir}; the
     * kept results stay in {@code results.json}, in matrix order, from the first write on.
     *
     * @param examples      the data source, for the data files' digests
     * @param listener      progress
     * @param stopRequested polled between and inside cells; when true the run ends after marking the running cell
     */
    public ResultsFile run(Prepared prepared, Path outDir, ResumePlan resume, CellExecutor executor,
                           ExamplesSource examples, RunListener listener, BooleanSupplier stopRequested) {
        List<Cell> cells = prepared.cells();
        String sha = prepared.specSha256();
        String startedAt = resume.startedAt() != null ? resume.startedAt() : Instant.now().toString();
        Environment environment = Environment.current();
        RunProvenance provenance = RunProvenance.collect(Path.of(""), sha,
                cells.stream().map(c -> c.spec().seed()).toList(), Instant.parse(startedAt))
                .withData(digests(prepared, examples));
        Map<String, CellResult> byId = new HashMap<>(resume.kept());
        List<ModelSummary> models = prepared.experiment().models().stream().map(m -> ModelSummary.of(m.plan()))
                .toList();
        Recorder recorder = new Recorder(prepared, outDir, startedAt, environment, examples, provenance, models,
                cells, byId, listener);
        List<Cell> pending = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            if (resume.kept().containsKey(cell.id())) {
                listener.cellKept(i, cells.size(), resume.kept().get(cell.id()));
            } else {
                pending.add(cell);
            }
        }
        if (!pending.isEmpty() && !stopRequested.getAsBoolean()) {
            try {
                executor.executeAll(pending, recorder, stopRequested);
            } catch (RuntimeException | Error bug) {
                // the run ends here: record that it did, with the cells finished so far, then let the bug out
                recorder.finish();
                throw bug;
            }
        }
        return recorder.finish();
    }

    /**
     * Keeps {@code results.json} current as cells finish, in whatever order they do: every result is written at
     * once (atomically), in matrix order, and the file is final ({@code finishedAt} set) once every cell finished, a
     * cell was interrupted, or the run ended.
     */
    private static final class Recorder implements CellExecutor.Progress {
        private final Prepared prepared;
        private final Path outDir;
        private final String startedAt;
        private final Environment environment;
        private final ExamplesSource examples;
        private final List<ModelSummary> models;
        private final List<Cell> cells;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, CellResult> byId;
        private final RunListener listener;
        private RunProvenance provenance;
        private ResultsFile results;

        Recorder(Prepared prepared, Path outDir, String startedAt, Environment environment, ExamplesSource examples,
                 RunProvenance provenance, List<ModelSummary> models, List<Cell> cells,
                 Map<String, CellResult> byId, RunListener listener) {
            this.prepared = prepared;
            this.outDir = outDir;
            this.startedAt = startedAt;
            this.environment = environment;
            this.examples = examples;
            this.provenance = provenance;
            this.models = models;
            this.cells = cells;
            this.byId = byId;
            this.listener = listener;
            for (int i = 0; i < cells.size(); i++) {
                index.put(cells.get(i).id(), i);
            }
            this.results = write(null);
        }

        @Override
        public synchronized TrainingListener started(Cell cell) {
            return listener.cellStarted(index.get(cell.id()), cells.size(), cell.spec());
        }

        @Override
        public synchronized void finished(Cell cell, CellResult result) {
            if (result.status() != CellStatus.INTERRUPTED && CellFiles.finished(outDir, cell.spec()).isEmpty()) {
                CellFiles.write(outDir, cell.spec(), result); // unless the executor (a Spark task) wrote it already
            }
            byId.put(cell.id(), result);
            provenance = provenance.withBackend(result.backend(), result.device()).withData(digests(prepared, examples));
            boolean last = byId.size() == cells.size() || result.status() == CellStatus.INTERRUPTED;
            Instant now = Instant.now();
            if (last) {
                provenance = provenance.finishedAt(now);
            }
            results = write(last ? now.toString() : null);
            listener.cellFinished(index.get(cell.id()), cells.size(), result);
        }

        /** The results as final: as they are when already final, else with the finishing time now. */
        synchronized ResultsFile finish() {
            if (results.finishedAt() == null) {
                Instant now = Instant.now();
                provenance = provenance.finishedAt(now);
                results = write(now.toString());
            }
            return results;
        }

        private ResultsFile write(String finishedAt) {
            ResultsFile file = new ResultsFile(prepared.name(), prepared.specArgument(), prepared.specSha256(),
                    prepared.resolvedSpec(), startedAt, finishedAt, environment, examples.fileDigests(),
                    inMatrixOrder(cells, byId), provenance, models);
            ResultsWriter.write(outDir, file);
            return file;
        }
    }

    /**
     * The SHA-256 of every input file: the data files by name and, when the cells start from a checkpoint, that
     * checkpoint under {@code initialWeights:<path as the spec names it>}.
     */
    private static Map<String, String> digests(Prepared prepared, ExamplesSource examples) {
        TrainingSpec training = prepared.experiment().spec().training();
        if (training.initialWeights() == null) {
            return examples.fileDigests();
        }
        Map<String, String> all = new java.util.TreeMap<>(examples.fileDigests());
        all.put("initialWeights:" + training.initialWeights(), training.initialWeightsSha256());
        return all;
    }

    private static List<CellResult> inMatrixOrder(List<Cell> cells, Map<String, CellResult> byId) {
        List<CellResult> out = new ArrayList<>();
        for (Cell c : cells) {
            if (byId.containsKey(c.id())) {
                out.add(byId.get(c.id()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The experiment spec with every model inlined (without {@code $schema}) and every default filled in. A model
     * entry with its own training fields stays an entry, {@code {"model": MODEL, "training": {...}}}, its fields
     * written as the experiment's are (single values as one-element lists).
     */
    private static JsonNode resolvedSpec(LoadedExperiment experiment) {
        ObjectMapper mapper = SpecReader.strictMapper();
        ObjectNode node = mapper.valueToTree(experiment.spec());
        node.remove("$schema");
        ArrayNode models = node.putArray("models");
        for (int i = 0; i < experiment.models().size(); i++) {
            JsonNode model = mapper.valueToTree(experiment.models().get(i).spec().withoutSchema());
            ObjectNode own = experiment.spec().models().get(i).training();
            if (own == null) {
                models.add(model);
            } else {
                ObjectNode entry = models.addObject();
                entry.set("model", model);
                ObjectNode all = mapper.valueToTree(experiment.trainings().get(i));
                ObjectNode training = entry.putObject("training");
                own.fieldNames().forEachRemaining(f -> training.set(f, all.get(f)));
            }
        }
        return node;
    }

    /** SHA-256 (lower-case hex) of the canonical form of a resolved spec: keys sorted, no white space. */
    private static String sha256(JsonNode resolved) {
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
