package org.lenetlab.results;

import java.util.List;

/**
 * Where a cell ran when it ran outside the command's own process, as the process that ran it saw it.
 *
 * @param executor the executor's id (Spark's executor id, {@code driver} for Spark's local mode)
 * @param host     the host name of the machine
 * @param pid      the process id of the JVM
 * @param gpus     the accelerator addresses assigned to the cell (Spark's {@code gpu} resource), empty for none
 */
public record CellPlacement(String executor, String host, long pid, List<String> gpus) {
    /** Copies the list; {@code null} is none. */
    public CellPlacement {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }
}
