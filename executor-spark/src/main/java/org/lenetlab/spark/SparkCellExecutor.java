package org.lenetlab.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.run.Cell;
import org.lenetlab.run.CellFiles;
import org.lenetlab.run.CellExecutor;
import org.lenetlab.run.CellExecutorProvider;
import org.lenetlab.run.RunInputException;
import org.lenetlab.train.TrainingListener;
import scala.Function0;
import scala.Function1;
import scala.Function2;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Runs cells as Spark tasks, one task per cell ({@code parallelize(cells, cells.size())}), so that an idle executor
 * takes the next cell; the driver (this process) gets each result as its task ends and hands it to the run, which
 * writes {@code results.json} and the report as a local run does. Tasks also write their result into the run
 * directory ({@link CellFiles}); a resumed run (with any executor) takes finished cells from there. Speculation is off: a cell runs again
 * only when its task failed (an executor was lost), and gives the same numbers, being deterministic. Cells of the
 * {@code cuda} backend ask for one GPU each ({@code spark.task.resource.gpu.amount=1}, a task resource profile) when
 * the application's executors have GPUs ({@code spark.executor.resource.gpu.amount}); the task passes the address it
 * was given to the backend as the device index. A stop request cancels the jobs.
 */
public final class SparkCellExecutor implements CellExecutor, AutoCloseable {
    /** Spark's resource name of GPUs. */
    static final String GPU = CellTask.GPU;
    private static final String CUDA = "cuda";
    private static final String JOB_KEY = "lenet.job";
    private static final AtomicInteger JOBS = new AtomicInteger();

    private final JavaSparkContext sc;
    private final CellTask task;
    private final Consumer<String> notes;
    private final boolean gpuScheduling;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Integer, List<Cell>> stageCells = new ConcurrentHashMap<>();
    private final Map<String, List<Cell>> jobCells = new ConcurrentHashMap<>();

    private SparkCellExecutor(JavaSparkContext sc, CellTask task, Consumer<String> notes) {
        this.sc = sc;
        this.task = task;
        this.notes = notes;
        SparkConf conf = sc.getConf();
        this.gpuScheduling = !sc.isLocal() && conf.getDouble("spark.executor.resource." + GPU + ".amount", 0) > 0;
        sc.sc().addSparkListener(new StartListener());
    }

    /**
     * Connects to the master {@code request} names (or {@code spark.master} as spark-submit sets it).
     *
     * @throws RunInputException without a master, for a property that is not Spark's, or when Spark cannot start
     */
    public static SparkCellExecutor open(CellExecutorProvider.Request request) {
        SparkConf conf = new SparkConf(true).setAppName("lenet " + request.experiment());
        if (request.master() != null) {
            conf.setMaster(request.master());
        }
        if (!conf.contains("spark.master")) {
            throw new RunInputException("--executor spark needs --master URL: local[N], spark://HOST:PORT "
                    + "(see `lenet cluster start`), yarn or k8s://...");
        }
        for (Map.Entry<String, String> e : request.properties().entrySet()) {
            if (!e.getKey().startsWith("spark.")) {
                throw new RunInputException("--conf " + e.getKey() + "=" + e.getValue()
                        + ": not a Spark property (they start with spark.)");
            }
            conf.set(e.getKey(), e.getValue());
        }
        if (conf.getBoolean("spark.speculation", false)) {
            request.notes().accept("spark.speculation is turned off: a cell runs again only when its task failed");
        }
        conf.set("spark.speculation", "false");
        // a task uses the cores Spark gave it (spark.task.cpus), not every core of its machine: the cpu backend's
        // and ND4J's threads follow OMP_NUM_THREADS (the numbers do not depend on it)
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
        // the executors pick OpenBLAS's kernels as this process did (scripts/openblas-kernels.sh): the same rounding
        for (String variable : List.of("OPENBLAS_CORETYPE", "OMP_WAIT_POLICY")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                conf.setIfMissing("spark.executorEnv." + variable, value);
            }
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        CellTask task = new CellTask(request.outDir().toAbsolutePath().toString(),
                request.dataDir() == null ? null : request.dataDir().toAbsolutePath().toString(),
                request.specSha256(), request.checkpointEvery(), request.resume());
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new RunInputException("cannot start Spark with master " + conf.get("spark.master") + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
        }
        sc.setLogLevel(conf.get("spark.lenet.logLevel", "WARN"));
        return new SparkCellExecutor(sc, task, request.notes());
    }

    /** The Spark context (for tests and tools). */
    JavaSparkContext context() {
        return sc;
    }

    @Override
    public CellResult execute(Cell cell, TrainingListener listener, BooleanSupplier stopRequested) {
        CellResult[] out = new CellResult[1];
        executeAll(List.of(cell), new Progress() {
            @Override
            public TrainingListener started(Cell c) {
                return listener;
            }

            @Override
            public void finished(Cell c, CellResult result) {
                out[0] = result;
            }
        }, stopRequested);
        if (out[0] != null) {
            return out[0];
        }
        return CellResult.ended(cell.id(), cell.spec().model().name(), cell.spec().backend(), cell.spec().seed(),
                cell.spec().settings(), CellStatus.INTERRUPTED, "stopped: the Spark job was cancelled", null,
                new ParameterCounts(cell.plan().trainableParameters(), cell.plan().fixedParameters()));
    }

    /**
     * Submits the cells as one job (two when GPU cells are scheduled apart) and reports each result as its task
     * ends; on a stop request it cancels the jobs and returns with the cells finished so far.
     *
     * @throws IllegalStateException when a job failed: a task failed more often than {@code spark.task.maxFailures}
     */
    @Override
    public void executeAll(List<Cell> cells, Progress progress, BooleanSupplier stopRequested) {
        List<Cell> cpu = new ArrayList<>();
        List<Cell> gpu = new ArrayList<>();
        for (Cell cell : cells) {
            if (gpuScheduling && CUDA.equals(cell.spec().backend())) {
                gpu.add(cell);
            } else {
                cpu.add(cell);
            }
        }
        if (!gpuScheduling && !sc.isLocal() && cells.stream().anyMatch(c -> CUDA.equals(c.spec().backend()))) {
            notes.accept("cuda cells run without a GPU request: the executors have no GPUs "
                    + "(set spark.executor.resource.gpu.amount and a discovery script to schedule GPUs)");
        }
        String group = "lenet-" + JOBS.incrementAndGet();
        List<SimpleFutureAction<BoxedUnit>> jobs = new ArrayList<>();
        try {
            sc.setJobGroup(group, "lenet cells", false);
            if (!cpu.isEmpty()) {
                jobs.add(submit(group + "-cpu", cpu, null));
            }
            if (!gpu.isEmpty()) {
                ResourceProfile oneGpu = new ResourceProfileBuilder()
                        .require(new TaskResourceRequests().cpus(1).resource(GPU, 1.0)).build();
                jobs.add(submit(group + "-gpu", gpu, oneGpu));
            }
        } finally {
            sc.clearJobGroup();
        }
        boolean cancelled = false;
        try {
            while (!jobs.stream().allMatch(SimpleFutureAction::isCompleted) || !events.isEmpty()) {
                Event event = events.poll(200, TimeUnit.MILLISECONDS);
                if (event != null) {
                    event.tell(progress);
                }
                if (!cancelled && stopRequested.getAsBoolean()) {
                    cancel(group);
                    cancelled = true;
                }
            }
        } catch (InterruptedException e) {
            cancel(group);
            Thread.currentThread().interrupt();
            return;
        }
        if (cancelled || stopRequested.getAsBoolean()) {
            return; // cancelled, or Spark's own shutdown hook (Ctrl-C) stopped the context: the run is stopping
        }
        for (SimpleFutureAction<BoxedUnit> job : jobs) {
            Try<BoxedUnit> outcome = job.value().get();
            if (outcome.isFailure()) {
                Throwable cause = outcome.failed().get();
                throw new IllegalStateException("the Spark job failed: "
                        + String.valueOf(cause.getMessage()).lines().findFirst().orElse(cause.toString()), cause);
            }
        }
    }

    /** Cancels the jobs of {@code group}, unless Spark's own shutdown hook (Ctrl-C) stopped the context first. */
    private void cancel(String group) {
        if (!sc.sc().isStopped()) {
            try {
                sc.cancelJobGroup(group);
            } catch (IllegalStateException e) {
                // stopped in between: its jobs ended with it
            }
        }
    }

    private SimpleFutureAction<BoxedUnit> submit(String key, List<Cell> cells, ResourceProfile profile) {
        List<String> payload = new ArrayList<>();
        for (Cell cell : cells) {
            payload.add(CellTask.payload(cell));
        }
        jobCells.put(key, List.copyOf(cells));
        CellTask t = task;
        JavaRDD<String> rdd = sc.parallelize(payload, payload.size()).map(t::run);
        if (profile != null) {
            rdd = rdd.withResources(profile);
        }
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            partitions.add(i);
        }
        @SuppressWarnings("unchecked")
        Seq<Object> seq = (Seq<Object>) (Seq<?>) CollectionConverters.asScala(partitions).toList();
        Function1<Iterator<String>, String> first = (Function1<Iterator<String>, String> & Serializable) Iterator::next;
        Function2<Object, String, BoxedUnit> handler = (index, json) -> {
            events.add(new Finished(cells.get((Integer) index), json));
            return BoxedUnit.UNIT;
        };
        Function0<BoxedUnit> done = () -> BoxedUnit.UNIT;
        sc.setLocalProperty(JOB_KEY, key);
        try {
            return sc.sc().submitJob(rdd.rdd(), first, seq, handler, done);
        } finally {
            sc.setLocalProperty(JOB_KEY, null);
        }
    }

    @Override
    public void close() {
        sc.stop();
    }

    /** Something the driver's loop tells the run. */
    private interface Event {
        void tell(Progress progress);
    }

    private record Started(Cell cell) implements Event {
        @Override
        public void tell(Progress progress) {
            progress.started(cell);
        }
    }

    private record Finished(Cell cell, String json) implements Event {
        @Override
        public void tell(Progress progress) {
            CellResult result;
            try {
                result = CellFiles.mapper().readValue(json, CellResult.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the result of cell " + cell.id() + ": " + e.getMessage(),
                        e);
            }
            progress.finished(cell, result);
        }
    }

    /** Turns task starts into {@link Started} events for the driver's loop (Spark's listener thread). */
    private final class StartListener extends SparkListener {
        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            String key = jobStart.properties() == null ? null : jobStart.properties().getProperty(JOB_KEY);
            List<Cell> cells = key == null ? null : jobCells.get(key);
            if (cells != null) {
                for (Object stage : CollectionConverters.asJava(jobStart.stageIds())) {
                    stageCells.put((Integer) stage, cells);
                }
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart taskStart) {
            List<Cell> cells = stageCells.get(taskStart.stageId());
            int index = taskStart.taskInfo().index();
            if (cells != null && index < cells.size()) {
                events.add(new Started(cells.get(index)));
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Spark executor (master %s)", sc.master());
    }
}
