package org.lenetlab.spark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lenet cluster start|status|stop}: a standalone Spark cluster on this machine ({@link LocalCluster}), in
 * {@code --dir} (default {@code $LENET_CLUSTER_DIR}, else {@code ~/.cache/lenet-lab/cluster}). The launcher runs it
 * with this module's class path, Spark's jars included.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"A standalone Spark cluster on this machine (Spark's own Master and Workers as separate "
                + "processes on 127.0.0.1) for `lenet run --executor spark --master URL`.",
            "",
            "  lenet cluster start --workers 2 --cores 1 --memory 1g   # prints spark://127.0.0.1:PORT",
            "  lenet run SPEC --executor spark --master spark://127.0.0.1:PORT",
            "  lenet cluster stop",
            "",
            "State and logs (executors' stderr under work/) in --dir, default $LENET_CLUSTER_DIR, else "
                + "~/.cache/lenet-lab/cluster."},
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Status.class, ClusterCommand.Stop.class})
public final class ClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs the command; exit 0, 1 (status: not running) or 2 (bad input). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterCommand()).setCommandName("lenet cluster").execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    static Path defaultDir() {
        String env = System.getenv("LENET_CLUSTER_DIR");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "lenet-lab", "cluster");
    }

    /** {@code lenet cluster start}. */
    @Command(name = "start", description = "Start a Master and N Workers; prints the master's spark:// URL.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Workers (default 2).")
        int workers;

        @Option(names = "--cores", paramLabel = "C", defaultValue = "1", description = "Cores per worker (default 1).")
        int cores;

        @Option(names = "--memory", paramLabel = "M", defaultValue = "2g",
                description = "Memory per worker for its executors (default 2g).")
        String memory;

        @Option(names = "--worker-conf", paramLabel = "KEY=VALUE", description = "A Spark property of every worker "
                + "(repeatable), e.g. spark.worker.resource.gpu.amount=1.")
        Map<String, String> workerConf = new LinkedHashMap<>();

        @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's directory (state, logs, work).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LocalCluster.Settings settings;
            try {
                settings = new LocalCluster.Settings(workers, cores, memory, workerConf);
            } catch (IllegalArgumentException e) {
                err.println("lenet cluster start: " + e.getMessage());
                return 2;
            }
            Path where = dir != null ? dir : defaultDir();
            List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(s -> !s.isBlank()).map(Path::of).toList();
            try {
                LocalCluster.State state = LocalCluster.start(where, settings, classPath);
                err.printf("lenet cluster: master and %d workers (%d cores, %s each) started; web UI %s; logs in %s%n",
                        workers, cores, memory, state.webUi(), where.resolve("logs"));
                err.flush();
                out.println(state.master());
                out.flush();
                return 0;
            } catch (IllegalStateException e) {
                err.println("lenet cluster start: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code lenet cluster status}. */
    @Command(name = "status", description = "Show the cluster's master URL and alive workers (exit 1 when none runs).")
    static final class Status implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's directory.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path where = dir != null ? dir : defaultDir();
            Optional<LocalCluster.State> state = LocalCluster.read(where).filter(LocalCluster::alive);
            if (state.isEmpty()) {
                out.println("no cluster runs from " + where);
                out.flush();
                return 1;
            }
            try {
                JsonNode json = LocalCluster.masterJson(state.get());
                out.printf("master %s (%s), status %s: %d alive workers, %d cores, %d MB; %d applications running%n",
                        state.get().master(), state.get().webUi(), json.path("status").asText("?"),
                        json.path("aliveworkers").asInt(), json.path("cores").asInt(), json.path("memory").asInt(),
                        json.path("activeapps").size());
            } catch (IOException e) {
                out.printf("master %s: process %d runs, but its web UI does not answer: %s%n", state.get().master(),
                        state.get().masterPid(), e.getMessage());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code lenet cluster stop}. */
    @Command(name = "stop", description = "Stop the workers (with their executors) and the master.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "The cluster's directory.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path where = dir != null ? dir : defaultDir();
            int n = LocalCluster.stop(where);
            spec.commandLine().getOut().println(n == 0 ? "no cluster ran from " + where
                    : "stopped " + n + " processes of the cluster in " + where);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
