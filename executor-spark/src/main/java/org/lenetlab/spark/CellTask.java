package org.lenetlab.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.data.FetchListener;
import org.lenetlab.results.CellPlacement;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.run.Cell;
import org.lenetlab.run.CellFiles;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.LocalCellExecutor;
import org.lenetlab.run.DatasetExamplesSource;
import org.lenetlab.train.TrainingListener;

/**
 * What a Spark task does with one cell, on whichever executor runs it: read the cell's definition (and the absolute
 * path of its initial weights, {@link #payload}), return the result
 * a finished earlier attempt left in the run directory if there is one (so a retried or resumed cell is not trained
 * twice), else train it in this JVM exactly as a local run does ({@link LocalCellExecutor}), on the GPU the scheduler
 * assigned when it assigned one, record where it ran, write the result atomically into the run directory, and hand
 * it back to the driver as JSON. A kill of the task (the job was cancelled) stops training at the next batch.
 *
 * @param runDir          the run directory, shared by driver and executors
 * @param dataDir         the MNIST directory, or {@code null} for each machine's usual places
 * @param specSha256      the run's spec hash (for checkpoints)
 * @param checkpointEvery save checkpoints every N epochs, or 0
 * @param resume          whether cells may continue from checkpoints
 */
record CellTask(String runDir, String dataDir, String specSha256, int checkpointEvery, boolean resume)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String CELL = "cell";
    private static final String INITIAL_WEIGHTS = "initialWeights";
    /** The Spark resource name of GPUs. */
    static final String GPU = "gpu";
    /** One MNIST per executor JVM and data directory, shared by the cells it runs. */
    private static final Map<String, DatasetExamplesSource> EXAMPLES = new ConcurrentHashMap<>();

    /**
     * What the driver sends a task for {@code cell}: its definition and, when it starts from a checkpoint, that file's
     * absolute path as the driver resolved it against the spec's directory (the executors read it from shared
     * storage and check its SHA-256 against the definition's {@code initialWeightsSha256}). A declared data set's
     * files are already absolute in the definition.
     */
    static String payload(Cell cell) {
        ObjectNode node = CellFiles.mapper().createObjectNode();
        node.set(CELL, CellFiles.mapper().valueToTree(cell.spec()));
        if (cell.initialWeights() != null) {
            node.put(INITIAL_WEIGHTS, cell.initialWeights().toAbsolutePath().normalize().toString());
        }
        try {
            return CellFiles.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cell of a task's {@link #payload}, planned here. */
    static Cell cell(String payload) {
        try {
            JsonNode node = CellFiles.mapper().readTree(payload);
            CellSpec spec = CellFiles.mapper().treeToValue(node.get(CELL), CellSpec.class);
            JsonNode weights = node.get(INITIAL_WEIGHTS);
            Cell planned = Cell.of(spec);
            return weights == null ? planned : new Cell(spec, planned.plan(), Path.of(weights.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a cell sent by the driver: " + e.getMessage(), e);
        }
    }

    /** Runs the cell of {@code payload} and returns its result as JSON. */
    String run(String payload) {
        Cell cell = cell(payload);
        CellSpec spec = cell.spec();
        Path dir = Path.of(runDir);
        Optional<CellResult> done = CellFiles.finished(dir, spec);
        if (done.isPresent()) {
            return json(done.get());
        }
        TaskContext context = TaskContext.get();
        List<String> gpus = gpus(context);
        Integer device = gpus.isEmpty() ? null : deviceIndex(gpus.get(0));
        DatasetExamplesSource examples = EXAMPLES.computeIfAbsent(dataDir == null ? "" : dataDir,
                d -> DatasetExamplesSource.fetching(d.isEmpty() ? null : Path.of(d), new FetchListener() { }));
        LocalCellExecutor executor = new LocalCellExecutor(BackendRegistry.discover(), examples,
                new org.lenetlab.checkpoint.RunCheckpoints(dir, checkpointEvery, specSha256, resume, note -> { }),
                device);
        CellResult result = executor.execute(cell, TrainingListener.NONE,
                () -> context != null && context.isInterrupted());
        result = result.placedAt(new CellPlacement(executorId(), host(), ProcessHandle.current().pid(), gpus));
        if (result.status() != CellStatus.INTERRUPTED) {
            CellFiles.write(dir, spec, result);
        }
        return json(result);
    }

    /** The GPU addresses the scheduler assigned to the task, empty for none. */
    static List<String> gpus(TaskContext context) {
        if (context == null) {
            return List.of();
        }
        ResourceInformation gpu = context.resourcesJMap().get(GPU);
        return gpu == null ? List.of() : List.of(gpu.addresses());
    }

    /** A GPU address as the backend's device index: Spark's addresses are the devices' ordinals. */
    private static Integer deviceIndex(String address) {
        try {
            return Integer.valueOf(address.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the GPU address '" + address + "' the scheduler assigned is not a "
                    + "device ordinal; the discovery script must report CUDA device ordinals", e);
        }
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "unknown" : env.executorId();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static String json(CellResult result) {
        try {
            return CellFiles.mapper().writeValueAsString(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
