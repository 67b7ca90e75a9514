package org.lenetlab.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.checkpoint.RunCheckpoints;

/**
 * A way of running cells other than in the command's own process, found with {@link java.util.ServiceLoader} by
 * its {@link #name()} ({@code lenet run --executor NAME}). Its module, and whatever heavy libraries it brings, is on
 * the class path only when asked for. An executor it opens that holds resources (a cluster connection) implements
 * {@link AutoCloseable}; the command closes it after the run.
 */
public interface CellExecutorProvider {
    /** The name the command line uses. */
    String name();

    /**
     * Opens an executor for one run.
     *
     * @throws RunInputException for a bad setting (an unknown property, a master it cannot reach), one line
     */
    CellExecutor open(Request request);

    /**
     * What a run tells an executor.
     *
     * @param experiment      the experiment's name
     * @param backends        the backends of this process (where an executor runs cells here)
     * @param outDir          the run directory; where cells run elsewhere, it must be shared storage
     * @param dataDir         the MNIST directory as given, or {@code null} for the usual places on each machine
     * @param specSha256      the run's spec hash (checkpoints carry it)
     * @param checkpointEvery save checkpoints every N epochs, or 0 for the final model only
     * @param resume          whether cells may continue from checkpoints and finished cells' files
     * @param master          where to run (for Spark its master URL), or {@code null} for the executor's default
     * @param properties      the executor's own settings ({@code --conf KEY=VALUE})
     * @param notes           receives one-line notes for the console
     */
    record Request(String experiment, BackendRegistry backends, Path outDir, Path dataDir, String specSha256,
                   int checkpointEvery, boolean resume, String master, Map<String, String> properties,
                   Consumer<String> notes) {
        /** Copies the map. */
        public Request {
            properties = Map.copyOf(properties);
        }

        /** The checkpoint policy these settings give for a process that runs cells into {@code outDir}. */
        public RunCheckpoints checkpoints(Consumer<String> cellNotes) {
            return new RunCheckpoints(outDir, checkpointEvery, specSha256, resume, cellNotes);
        }
    }
}
