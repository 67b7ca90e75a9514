package org.lenetlab.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a run ran.
 *
 * @param java  Java vendor and version
 * @param os    operating system name, version and architecture
 * @param cpu   CPU model name
 * @param cores logical processors available to the JVM
 */
public record Environment(String java, String os, String cpu, int cores) {

    /** This machine. */
    public static Environment current() {
        return new Environment(System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel(), Runtime.getRuntime().availableProcessors());
    }

    /** The CPU model from {@code /proc/cpuinfo}, or the architecture when that cannot be read. */
    public static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                var model = lines.filter(l -> l.startsWith("model name")).findFirst();
                if (model.isPresent()) {
                    return model.get().substring(model.get().indexOf(':') + 1).trim();
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through
            }
        }
        return System.getProperty("os.arch");
    }
}
