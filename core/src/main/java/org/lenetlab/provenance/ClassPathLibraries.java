package org.lenetlab.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The libraries on the class path, as {@code groupId:artifactId} → version, read from the
 * {@code META-INF/maven/<group>/<artifact>/pom.properties} that Maven puts in every jar it builds. Class
 * directories (this project's modules under test) have none and are not listed.
 */
public final class ClassPathLibraries {
    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private ClassPathLibraries() {
    }

    /** Every library found through the class loader that loaded this class, sorted by key. */
    public static Map<String, String> scan() {
        return scan(ClassPathLibraries.class.getClassLoader());
    }

    /** Every library found through {@code loader}, sorted by key. Never throws; unreadable jars are left out. */
    public static Map<String, String> scan(ClassLoader loader) {
        Map<String, String> libraries = new TreeMap<>();
        Enumeration<URL> manifests;
        try {
            manifests = loader.getResources(MANIFEST);
        } catch (IOException e) {
            return libraries;
        }
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            if (!"jar".equals(url.getProtocol())) {
                continue;
            }
            try {
                URLConnection connection = url.openConnection();
                if (!(connection instanceof JarURLConnection jar)) {
                    continue;
                }
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    read(file, libraries);
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable jar is left out
            }
        }
        return libraries;
    }

    /**
     * Adds the jar's own library. A jar that bundles (shades) others carries their {@code pom.properties} too; the
     * jar's own is the one whose {@code artifactId-version} begins the jar's file name, or the only one.
     */
    private static void read(JarFile jar, Map<String, String> into) throws IOException {
        String fileName = Path.of(jar.getName()).getFileName().toString();
        List<String[]> found = new ArrayList<>();
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
                Properties properties = new Properties();
                try (InputStream in = jar.getInputStream(entry)) {
                    properties.load(in);
                }
                String group = properties.getProperty("groupId");
                String artifact = properties.getProperty("artifactId");
                String version = properties.getProperty("version");
                if (group != null && artifact != null && version != null) {
                    found.add(new String[] {group.strip(), artifact.strip(), version.strip()});
                }
            }
        }
        for (String[] f : found) {
            if (found.size() == 1 || fileName.startsWith(f[1] + "-" + f[2])) {
                into.put(f[0] + ":" + f[1], f[2]);
            }
        }
    }
}
