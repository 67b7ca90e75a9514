package org.lenetlab.provenance;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The git commit of a checkout and whether its work tree has changes.
 *
 * @param commit the full hash of {@code HEAD}
 * @param dirty  whether {@code git status --porcelain} lists anything (modified, staged or untracked files)
 */
public record GitInfo(String commit, boolean dirty) {
    private static final long TIMEOUT_SECONDS = 10;

    /**
     * The state of the checkout that contains {@code directory}, or empty when {@code git} is not installed, the
     * directory is not in a checkout, or git fails or takes too long. Never throws.
     */
    public static Optional<GitInfo> of(Path directory) {
        Optional<String> head = git(directory, "rev-parse", "--verify", "HEAD");
        if (head.isEmpty() || !head.get().matches("[0-9a-f]{40,64}")) {
            return Optional.empty();
        }
        Optional<String> status = git(directory, "status", "--porcelain");
        return status.map(s -> new GitInfo(head.get(), !s.isBlank()));
    }

    /** The trimmed standard output of a successful {@code git} command, or empty. */
    private static Optional<String> git(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no git on the PATH
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            byte[] bytes = output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8).strip());
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            process.destroyForcibly();
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
