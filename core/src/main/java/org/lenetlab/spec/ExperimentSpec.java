package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An experiment spec: which models to train on which backends with which seeds and training settings.
 * The matrix is models × backends × seeds × every value of every swept training setting.
 *
 * @param schema      the {@code $schema} reference for editors; ignored
 * @param experiment  the experiment's name (required)
 * @param description optional free text
 * @param models      model spec paths (relative to this file) or inline model specs (required, not empty)
 * @param dataset     the data set, default all of MNIST
 * @param training    the training settings (required)
 * @param seeds       seeds, one cell each, default [0]
 * @param backends    backend names, one cell each, default ["cpu"]
 */
public record ExperimentSpec(@JsonProperty("$schema") String schema, String experiment, String description,
                             @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<ModelReference> models,
                             DatasetSpec dataset, TrainingSpec training,
                             @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Long> seeds,
                             @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> backends) {

    /** Applies the defaults. */
    public ExperimentSpec {
        dataset = dataset == null ? DatasetSpec.MNIST : dataset;
        seeds = seeds == null ? List.of(0L) : seeds;
        backends = backends == null ? List.of("cpu") : backends;
    }
}
