package org.lenetlab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lenet cluster}, as listed by {@code lenet --help}: the command itself lives in the executor-spark module
 * ({@code org.lenetlab.spark.cluster.ClusterCommand}), which the {@code ./lenet} launcher runs with Spark's class
 * path; reached without it (a bare {@code java -jar}), this says so.
 */
@Command(name = "cluster", description = "Start, show or stop a standalone Spark cluster on this machine for "
        + "`lenet run --executor spark --master spark://...`: `lenet cluster start --workers N [--cores C] "
        + "[--memory M]` (prints the master's URL), `lenet cluster status`, `lenet cluster stop`. "
        + "See `./lenet cluster --help`.")
final class ClusterEntry implements Callable<Integer> {
    @Parameters(arity = "0..*", hidden = true)
    List<String> rest;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("lenet cluster: needs the executor-spark module and Spark's jars on the "
                + "class path; run it through the ./lenet launcher (./lenet cluster --help)");
        spec.commandLine().getErr().flush();
        return ExitCodes.BAD_INPUT;
    }
}
