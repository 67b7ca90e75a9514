package org.lenetlab.run;

import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.train.TrainingSettings;

/**
 * Everything needed to run one matrix cell, and nothing else: it serialises to JSON and back, so a cell can be
 * run by another process or machine.
 *
 * @param id       unique within the experiment, stable across runs of the same spec
 * @param model    the model spec, whole
 * @param backend  the backend's name
 * @param seed     the seed of weights, data order and every random choice
 * @param settings the training settings
 * @param dataset  the data set
 */
public record CellSpec(String id, ModelSpec model, String backend, long seed, TrainingSettings settings,
                       DatasetSpec dataset) {
}
