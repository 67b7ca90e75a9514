package org.lenetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointException;
import org.lenetlab.inspect.Inspection;
import org.lenetlab.inspect.Inspector;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.reports.InspectionHtml;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.Cell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lenet inspect CHECKPOINT IMAGE --out FILE.html}: one image through a trained network, layer by layer. */
@Command(name = "inspect", description = {"Write one self-contained HTML page showing an image (PNG, JPEG, BMP, GIF) "
        + "going through the model saved in a checkpoint: the image after preprocessing, every layer's activation "
        + "maps as greyscale tiles, the first convolution's filters and the output scores.",
        "The image is prepared as lenet predict prepares it (resized to the model's input, inverted when dark on "
        + "light)."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A checkpoint, e.g. runs/x/checkpoints/<cell>.ckpt.")
    Path checkpointFile;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "The image to look at.")
    Path image;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path out;

    @Option(names = "--backend", paramLabel = "NAME", description = "Run on this backend (default: the checkpoint's, "
            + "else cpu).")
    String backendName;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a directory; give the HTML file to write");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.read(checkpointFile);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage());
        }
        ModelPlan plan;
        try {
            plan = Cell.of(checkpoint.cell()).plan();
        } catch (RuntimeException e) {
            throw new UsageException(checkpointFile + ": the saved model cannot be planned: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        int pad = plan.preprocessing().padding();
        DigitImage digit = DigitImage.read(image, plan.input().dim(1) - 2 * pad, plan.input().dim(2) - 2 * pad);
        Inspection inspection;
        try {
            inspection = Inspector.inspect(backend(checkpoint), checkpoint, plan, digit.pixels());
        } catch (CheckpointException e) {
            throw new UsageException(checkpointFile + ": " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new UsageException("the backend cannot run this model: " + e.getMessage());
        }
        String title = "Inside " + plan.name() + ": " + image.getFileName();
        ResultsWriter.writeAtomically(out, InspectionHtml.page(inspection, title).getBytes(StandardCharsets.UTF_8));
        PrintWriter printer = spec.commandLine().getOut();
        printer.println(out + ": " + inspection.layers().size() + " layers of " + plan.name() + " on " + image
                + (digit.resized() ? " (resized)" : "") + (digit.inverted() ? " (inverted)" : "") + "; predicted "
                + inspection.predicted());
        printer.flush();
        return ExitCodes.OK;
    }

    private Backend backend(Checkpoint checkpoint) {
        BackendRegistry registry = BackendRegistry.discover();
        String name = backendName != null ? backendName
                : registry.contains(checkpoint.metadata().backend()) ? checkpoint.metadata().backend() : "cpu";
        try {
            return registry.get(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (BackendUnavailableException e) {
            if (backendName == null && !"cpu".equals(name)) {
                try {
                    return registry.get("cpu");
                } catch (BackendUnavailableException | IllegalArgumentException other) {
                    // fall through to the first reason
                }
            }
            throw new UsageException("backend " + name + " cannot run here: " + e.getMessage());
        }
    }
}
