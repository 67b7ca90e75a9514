package org.lenetlab.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * LeNet Lab's own version: the {@code Implementation-Version} of the core jar's manifest, or, when running from
 * class directories (tests, an IDE), the version Maven wrote into {@code lenet-lab-version.properties}.
 */
public final class ProjectVersion {
    private static final String RESOURCE = "/org/lenetlab/provenance/lenet-lab-version.properties";

    private ProjectVersion() {
    }

    /** The version, or {@code null} when neither source has one. */
    public static String current() {
        String manifest = ProjectVersion.class.getPackage().getImplementationVersion();
        if (manifest != null && !manifest.isBlank()) {
            return manifest;
        }
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank() && !version.startsWith("${")) {
                    return version.strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return null;
    }
}
