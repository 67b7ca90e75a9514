package org.lenetlab.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The options a JVM running Spark (a driver in a plain {@code java} command, a Master, a Worker) needs on Java 17:
 * Spark's own {@code --add-opens} list ({@link JavaModuleOptions}). The build writes them into an argument file
 * ({@code target/spark-jvm-options}) that the launcher passes to {@code java} for {@code --executor spark}.
 */
public final class JvmOptions {
    private JvmOptions() {
    }

    /** Spark's module options, one per element. */
    public static List<String> spark() {
        List<String> options = new ArrayList<>();
        for (String o : JavaModuleOptions.defaultModuleOptionArray()) {
            if (!o.isBlank()) {
                options.add(o.trim());
            }
        }
        return List.copyOf(options);
    }

    /** Writes {@link #spark()} into the argument file {@code args[0]}, one option a line. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, spark(), StandardCharsets.UTF_8);
    }
}
