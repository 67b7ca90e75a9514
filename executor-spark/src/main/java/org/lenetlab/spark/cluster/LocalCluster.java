package org.lenetlab.spark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lenetlab.results.ResultsWriter;

/**
 * A standalone Spark cluster on this machine: Spark's own {@code org.apache.spark.deploy.master.Master} and N
 * {@code org.apache.spark.deploy.worker.Worker}s, each a separate JVM bound to 127.0.0.1, started from a given class
 * path (this module's, Spark's jars included). A Worker forks its executors from {@code $SPARK_HOME/jars/*}, so the
 * cluster gets a Spark home of its own whose {@code jars/} links every jar of the class path (class directories, as a
 * build's {@code target/classes}, go on {@code SPARK_DIST_CLASSPATH}), with {@code SPARK_SCALA_VERSION} set. Its
 * directory keeps {@code cluster.json} (master URL, web UI, process ids), the daemons' logs and the workers' work
 * directories (executors' logs). The processes outlive the command that started them, until {@link #stop}.
 */
public final class LocalCluster {
    /** The state file in the cluster's directory. */
    public static final String STATE_FILE = "cluster.json";
    private static final String HOST = "127.0.0.1";
    private static final String SCALA_VERSION = "2.13";
    private static final String DAEMON_HEAP = "-Xmx256m";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private LocalCluster() {
    }

    /**
     * What to start.
     *
     * @param workers          the number of Workers
     * @param cores            cores each Worker offers
     * @param memory           memory each Worker offers its executors, as Spark writes it ({@code 1g}, {@code 512m})
     * @param workerProperties Spark properties of every Worker (e.g. {@code spark.worker.resource.gpu.amount})
     */
    public record Settings(int workers, int cores, String memory, Map<String, String> workerProperties) {
        /** Checks the numbers; copies the map. */
        public Settings {
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("--workers " + workers + " is outside 1..64");
            }
            if (cores < 1 || cores > 1024) {
                throw new IllegalArgumentException("--cores " + cores + " is outside 1..1024");
            }
            if (!memory.matches("[1-9][0-9]{0,6}[mMgG]")) {
                throw new IllegalArgumentException("--memory " + memory + " is not a size such as 512m or 2g");
            }
            workerProperties = Map.copyOf(workerProperties);
        }
    }

    /**
     * A running cluster as its state file records it.
     *
     * @param master     the master's URL, {@code spark://127.0.0.1:PORT}
     * @param webUi      the master's web UI
     * @param masterPid  the Master's process id
     * @param workerPids the Workers' process ids
     */
    public record State(String master, String webUi, long masterPid, List<Long> workerPids) {
        /** Copies the list. */
        public State {
            workerPids = List.copyOf(workerPids);
        }
    }

    /**
     * Starts a Master and {@code settings.workers()} Workers in {@code dir} and waits until every Worker registered.
     *
     * @throws IllegalStateException when a cluster already runs there, or a process does not come up in time (the
     *                               processes started are stopped again)
     */
    public static State start(Path dir, Settings settings, List<Path> classPath) throws IOException {
        Optional<State> running = read(dir).filter(LocalCluster::alive);
        if (running.isPresent()) {
            throw new IllegalStateException("a cluster already runs from " + dir + " at " + running.get().master()
                    + "; stop it first (lenet cluster stop)");
        }
        Path home = sparkHome(dir.resolve("spark-home"), classPath);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        String distClassPath = String.join(File.pathSeparator,
                classPath.stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().toString()).toList());
        int port = freePort();
        int uiPort = freePort();
        String master = "spark://" + HOST + ":" + port;
        String webUi = "http://" + HOST + ":" + uiPort;
        List<Process> started = new ArrayList<>();
        try {
            Process m = launch(home, distClassPath, classPath, Map.of(), logs.resolve("master.log"),
                    "org.apache.spark.deploy.master.Master", "--host", HOST, "--port", String.valueOf(port),
                    "--webui-port", String.valueOf(uiPort));
            started.add(m);
            List<Long> workerPids = new ArrayList<>();
            for (int i = 1; i <= settings.workers(); i++) {
                Path work = Files.createDirectories(dir.resolve("work-" + i));
                Process w = launch(home, distClassPath, classPath, settings.workerProperties(),
                        logs.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "--host", HOST, "--cores", String.valueOf(settings.cores()), "--memory", settings.memory(),
                        "--work-dir", work.toString(), "--webui-port", "0", master);
                started.add(w);
                workerPids.add(w.pid());
            }
            State state = new State(master, webUi, m.pid(), workerPids);
            ResultsWriter.writeAtomically(dir.resolve(STATE_FILE), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(state));
            awaitWorkers(state, settings.workers(), logs);
            return state;
        } catch (IOException | RuntimeException e) {
            started.forEach(LocalCluster::kill);
            Files.deleteIfExists(dir.resolve(STATE_FILE));
            throw e;
        }
    }

    /** The state recorded in {@code dir}, if any. */
    public static Optional<State> read(Path dir) {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), State.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the Master of {@code state} still runs. */
    public static boolean alive(State state) {
        return isSparkDaemon(state.masterPid());
    }

    /**
     * The Workers the Master counts as alive, from its web UI's {@code /json/}.
     *
     * @throws IOException when the Master does not answer
     */
    public static int aliveWorkers(State state) throws IOException {
        return masterJson(state).path("aliveworkers").asInt(0);
    }

    /** The Master's {@code /json/} answer. */
    public static JsonNode masterJson(State state) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(state.webUi() + "/json/"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(state.webUi() + "/json/ answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Stops the cluster recorded in {@code dir}: every Worker with the executors it forked, then the Master; removes
     * the state file. Returns the number of processes stopped.
     */
    public static int stop(Path dir) throws IOException {
        Optional<State> state = read(dir);
        int stopped = 0;
        if (state.isPresent()) {
            for (long pid : state.get().workerPids()) {
                stopped += stopTree(pid);
            }
            stopped += stopTree(state.get().masterPid());
        }
        Files.deleteIfExists(dir.resolve(STATE_FILE));
        return stopped;
    }

    /** The pids of the executor JVMs (Spark's {@code CoarseGrainedExecutorBackend}) the Workers forked. */
    public static List<Long> executorPids(State state) {
        List<Long> pids = new ArrayList<>();
        for (long worker : state.workerPids()) {
            ProcessHandle.of(worker).ifPresent(w -> w.descendants()
                    .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
                    .forEach(p -> pids.add(p.pid())));
        }
        return pids;
    }

    private static int stopTree(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(p -> isSparkDaemon(pid));
        if (handle.isEmpty()) {
            return 0;
        }
        List<ProcessHandle> children = handle.get().descendants().toList();
        int n = kill(handle.get()) ? 1 : 0;
        for (ProcessHandle child : children) {
            n += kill(child) ? 1 : 0;
        }
        return n;
    }

    private static boolean isSparkDaemon(long pid) {
        return ProcessHandle.of(pid).map(p -> p.isAlive() && commandLine(p).contains("org.apache.spark.deploy."))
                .orElse(false);
    }

    /** The process's command line: from /proc where there is one (whole, however long), else what Java reports. */
    private static String commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(proc), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(LocalCluster::kill);
        kill(process.toHandle());
    }

    private static boolean kill(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        process.destroy();
        try {
            process.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static void awaitWorkers(State state, int workers, Path logs) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int alive = aliveWorkers(state);
                if (alive >= workers) {
                    return;
                }
                last = alive + " of " + workers + " workers alive";
            } catch (IOException e) {
                last = "the master's web UI does not answer: " + e.getMessage();
            }
            if (!alive(state)) {
                throw new IllegalStateException("the Spark master exited; see " + logs.resolve("master.log"));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the workers", e);
            }
        }
        throw new IllegalStateException("the cluster did not come up in " + START_TIMEOUT.toSeconds() + " s (" + last
                + "); see the logs in " + logs);
    }

    private static Process launch(Path home, String distClassPath, List<Path> classPath, Map<String, String> props,
                                  Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the starting terminal does not reach it
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(DAEMON_HEAP);
        command.addAll(JvmOptions.spark());
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath.stream().map(p -> p.toAbsolutePath().toString())
                .toList()));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", SCALA_VERSION);
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_DIST_CLASSPATH", distClassPath);
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        return builder.start();
    }

    /** A Spark home whose {@code jars/} links every jar of {@code classPath}. */
    private static Path sparkHome(Path home, List<Path> classPath) throws IOException {
        Path jars = home.resolve("jars");
        if (Files.exists(jars)) {
            try (var old = Files.list(jars)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(jars);
        Files.createDirectories(home.resolve("conf"));
        Set<String> names = new HashSet<>();
        for (Path entry : classPath) {
            if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
                continue;
            }
            String name = entry.getFileName().toString();
            for (int i = 2; !names.add(name); i++) {
                name = i + "-" + entry.getFileName();
            }
            Files.createSymbolicLink(jars.resolve(name), entry.toAbsolutePath());
        }
        return home;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
