package org.lenetlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointException;
import org.lenetlab.onnx.OnnxExport;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.Cell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lenet export CHECKPOINT --out FILE.onnx}: a trained model as a standard ONNX model. */
@Command(name = "export", description = {"Write the model saved in a checkpoint as a standard ONNX model (opset "
        + OnnxExport.OPSET + ", float32).",
        "Input 'image': float32 [N, 1, 28, 28], grey levels in [0, 1], light digit on dark as in MNIST; the "
        + "normalisation and the model's preprocessing are inside the graph. Outputs 'scores' [N, 10] (as lenet "
        + "predict prints them) and 'label' [N] (int64); class names and the preprocessing are in the metadata."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A checkpoint, e.g. runs/x/checkpoints/<cell>.ckpt.")
    Path checkpointFile;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ONNX file to write, e.g. model.onnx.")
    Path out;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a directory; give the ONNX file to write");
        }
        Checkpoint checkpoint;
        String sha;
        try {
            sha = Checkpoint.fileSha256(checkpointFile);
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
        byte[] bytes;
        try {
            bytes = OnnxExport.of(checkpoint, plan, sha).toByteArray();
        } catch (CheckpointException e) {
            throw new UsageException(checkpointFile + ": " + e.getMessage());
        }
        ResultsWriter.writeAtomically(out, bytes);
        PrintWriter printer = spec.commandLine().getOut();
        printer.println(out + ": ONNX model of " + plan.name() + " (cell " + checkpoint.cell().id() + ", "
                + checkpoint.metadata().epochsDone() + " epochs), opset " + OnnxExport.OPSET + ", " + bytes.length
                + " bytes; input '" + OnnxExport.INPUT + "', outputs '" + OnnxExport.SCORES + "' and '"
                + OnnxExport.LABEL + "'");
        printer.flush();
        return ExitCodes.OK;
    }
}
