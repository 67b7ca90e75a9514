package org.lenetlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link HostileInputTest}: runs many {@code lenet} command lines one after the other, as
 * {@code ./lenet} would run each (its exit code, its stdout and stderr, anything a library prints), and appends one
 * JSON line per command line to the results file as soon as it ends. A command line that throws an {@link Error}
 * ({@code OutOfMemoryError}, say) is recorded with it; one still running after the timeout is recorded as hung and
 * the JVM halts, leaving the rest unrun (they then fail as not run).
 *
 * <p>{@code java -Xmx256m -cp ... org.lenetlab.cli.HostileBatch CASES.json RESULTS.jsonl TIMEOUT_SECONDS}, where
 * CASES.json is {@code [{"name": ..., "args": [...]}, ...]}.
 */
final class HostileBatch {
    private HostileBatch() {
    }

    public static void main(String[] argv) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode cases = mapper.readTree(Path.of(argv[0]).toFile());
        Path results = Path.of(argv[1]);
        long timeoutMillis = Long.parseLong(argv[2]) * 1000;
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        for (JsonNode c : cases) {
            List<String> args = new ArrayList<>();
            c.get("args").forEach(a -> args.add(a.asText()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream caseOut = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream caseErr = new PrintStream(err, true, StandardCharsets.UTF_8);
            int[] exit = {-1};
            Throwable[] thrown = {null};
            System.setOut(caseOut);
            System.setErr(caseErr);
            Thread thread = new Thread(() -> {
                try {
                    exit[0] = LenetCommand.execute(writer(caseOut), writer(caseErr), args.toArray(String[]::new));
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            }, "case");
            thread.setDaemon(true);
            long start = System.nanoTime();
            thread.start();
            thread.join(timeoutMillis);
            boolean hung = thread.isAlive();
            System.setOut(realOut);
            System.setErr(realErr);
            ObjectNode line = mapper.createObjectNode();
            line.put("name", c.get("name").asText());
            line.put("exitCode", exit[0]);
            line.put("out", out.toString(StandardCharsets.UTF_8));
            line.put("err", err.toString(StandardCharsets.UTF_8));
            line.put("thrown", thrown[0] == null ? null : thrown[0].toString());
            line.put("hung", hung);
            line.put("seconds", (System.nanoTime() - start) / 1e9);
            Files.writeString(results, mapper.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (hung) {
                Runtime.getRuntime().halt(3);
            }
        }
        System.exit(0);
    }

    private static PrintWriter writer(OutputStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
