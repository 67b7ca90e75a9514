package org.lenetlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.lenetlab.results.ResultsWriter;

/** Runs {@code lenet} in a child JVM (so that it can be killed), and compares results files timings aside. */
final class ChildLenet {
    /** Fields that measure time, and so differ between any two runs. */
    static final Set<String> TIMING_FIELDS = Set.of("trainSeconds", "trainImagesPerSecond", "inferenceImagesPerSecond",
            "startedAt", "finishedAt", "testSeconds");

    private ChildLenet() {
    }

    /** Starts {@code lenet args...}, its output going to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        ProcessBuilder builder = builder(List.of(), args);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder.start();
    }

    /**
     * {@code java [jvmOptions] -cp <the test class path> LenetCommand args...}, as {@code ./lenet args...} runs it;
     * where its output goes is the caller's choice.
     */
    static ProcessBuilder builder(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LenetCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return builder;
    }

    /**
     * The results file in {@code dir} as a tree without its timing fields and without {@code provenance}, which
     * describes where and when the run (or its last resumption) happened, not what it computed.
     */
    static JsonNode withoutTimings(Path dir) throws IOException {
        JsonNode tree = ResultsWriter.mapper().readTree(Files.readAllBytes(dir.resolve(ResultsWriter.FILE_NAME)));
        ((ObjectNode) tree).remove("provenance");
        strip(tree);
        return tree;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(TIMING_FIELDS);
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                strip(children.next());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ChildLenet::strip);
        }
    }
}
