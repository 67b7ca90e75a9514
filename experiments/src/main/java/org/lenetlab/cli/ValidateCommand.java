package org.lenetlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.io.InputFiles;
import org.lenetlab.io.InputKind;
import org.lenetlab.run.ExperimentMatrix;
import org.lenetlab.spec.LoadedExperiment;
import org.lenetlab.spec.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lenet validate SPEC}: checks an experiment or model spec without training. */
@Command(name = "validate", description = "Check an experiment or model spec: exit 0 when valid, 2 with the problems when not.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "An experiment spec or a model spec.")
    Path file;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SpecReader reader = new SpecReader();
        if (isModelSpec(file)) {
            var model = reader.readMnistModel(file);
            out.println(file + ": valid model spec '" + model.spec().name() + "', " + model.plan().layers().size()
                    + " layers, " + model.plan().trainableParameters() + " trainable parameters");
        } else {
            LoadedExperiment experiment = reader.readExperiment(file, BackendRegistry.discover().names());
            int cells = ExperimentMatrix.expand(experiment, java.util.List.of(), null, null).size();
            out.println(file + ": valid experiment spec '" + experiment.spec().experiment() + "', "
                    + experiment.models().size() + " models, " + cells + " cells");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * A file whose top-level object has none of an experiment's own fields ({@code experiment}, {@code models},
     * {@code training}) is read as a model spec; anything else, including what does not parse, as an experiment.
     */
    static boolean isModelSpec(Path file) {
        try {
            JsonNode node = new ObjectMapper().readTree(InputFiles.readAllBytes(file, InputKind.SPEC));
            return node != null && node.isObject() && !node.has("experiment") && !node.has("models")
                    && !node.has("training");
        } catch (java.io.IOException | RuntimeException e) {
            return false; // the experiment reader reports what is wrong with it (through the same guarded path)
        }
    }
}
