package org.lenetlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lenetlab.data.MnistFetcher;
import org.lenetlab.data.MnistFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lenet fetch}: finds or downloads MNIST and verifies every file's SHA-256. */
@Command(name = "fetch", description = "Find or download MNIST into the user cache and verify every file's SHA-256.")
final class FetchCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Use the IDX files in DIR (plain or .gz) instead.")
    Path dataDir;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConsoleProgress progress = new ConsoleProgress(out, System.console() != null);
        MnistFiles files = new MnistFetcher(progress.fetchListener()).fetch(Optional.ofNullable(dataDir));
        out.println("MNIST ready in " + files.directory());
        files.sha256().forEach((name, sha) -> out.println("  " + name + "  sha256 " + sha));
        out.flush();
        return ExitCodes.OK;
    }
}
