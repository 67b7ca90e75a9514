package org.lenetlab.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * An experiment spec as read, with every model it names loaded and planned.
 *
 * @param file   the experiment spec file
 * @param spec   the spec
 * @param models its models, in the spec's order
 */
public record LoadedExperiment(Path file, ExperimentSpec spec, List<LoadedModel> models) {
    /** Copies the list. */
    public LoadedExperiment {
        models = List.copyOf(models);
    }
}
