package org.lenetlab.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * An experiment spec as read, with every model it names loaded and planned, and the training settings each model
 * trains with.
 *
 * @param file      the experiment spec file
 * @param spec      the spec
 * @param models    its models, in the spec's order
 * @param trainings the training settings of each model, in the same order: the experiment's own, or for a model
 *                  entry with its own {@code training} fields the experiment's with those fields replaced
 */
public record LoadedExperiment(Path file, ExperimentSpec spec, List<LoadedModel> models, List<TrainingSpec> trainings) {
    /** Copies the lists; checks that there is one training per model. */
    public LoadedExperiment {
        models = List.copyOf(models);
        trainings = Collections.unmodifiableList(new java.util.ArrayList<>(trainings));
        if (trainings.size() != models.size()) {
            throw new IllegalArgumentException(models.size() + " models but " + trainings.size() + " trainings");
        }
    }

    /** An experiment whose every model trains with the experiment's own settings. */
    public LoadedExperiment(Path file, ExperimentSpec spec, List<LoadedModel> models) {
        this(file, spec, models, Collections.nCopies(models.size(), spec.training()));
    }
}
