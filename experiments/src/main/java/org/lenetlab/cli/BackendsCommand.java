package org.lenetlab.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lenet backends [--json]}. */
@Command(name = "backends", description = "List the backends found, whether each can run here, and why not.")
final class BackendsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of lines.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<BackendStatus> statuses = BackendRegistry.discover().statuses();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(Map.of("backends", statuses)));
        } else if (statuses.isEmpty()) {
            out.println("no backends found on the class path");
        } else {
            for (BackendStatus s : statuses) {
                out.println(s.name() + "\t" + (s.available() ? "available\t" + s.device() : "unavailable\t" + s.reason()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
