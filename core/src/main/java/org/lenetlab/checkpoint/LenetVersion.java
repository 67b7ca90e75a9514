package org.lenetlab.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of LeNet Lab this code was built as, for what it writes. */
public final class LenetVersion {
    private static final String VERSION = load();

    private LenetVersion() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LenetVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
