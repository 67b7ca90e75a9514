package org.lenetlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lenetlab.data.KnownDataset;
import org.lenetlab.data.MnistFetcher;
import org.lenetlab.data.MnistFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lenet fetch [--dataset NAME]}: finds or downloads a known data set and verifies every file's SHA-256. */
@Command(name = "fetch", description = "Find or download a data set (default MNIST) into the user cache and verify "
        + "every file's SHA-256.")
final class FetchCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Use the IDX files in DIR (plain or .gz) instead.")
    Path dataDir;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The data set: mnist (default) or fashion-mnist.")
    String datasetName = KnownDataset.MNIST.name();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConsoleProgress progress = new ConsoleProgress(out, System.console() != null);
        KnownDataset dataset = KnownDataset.named(datasetName).orElseThrow(() -> new UsageException(
                "--dataset: unknown data set '" + datasetName + "'; known: " + KnownDataset.knownNames()
                        + " (a declared data set is read from the files its experiment spec names)"));
        MnistFiles files = new MnistFetcher(dataset, progress.fetchListener()).fetch(Optional.ofNullable(dataDir));
        out.println(dataset.displayName() + " ready in " + files.directory());
        files.sha256().forEach((name, sha) -> out.println("  " + name + "  sha256 " + sha));
        out.flush();
        return ExitCodes.OK;
    }
}
