package org.lenetlab.spec;

import java.nio.file.Path;
import org.lenetlab.plan.ModelPlan;

/**
 * A model spec as read and planned.
 *
 * @param spec   the spec
 * @param plan   its plan
 * @param file   the file it came from, or {@code null} when inline
 * @param source the path as written in the experiment, the file, or {@code "inline"}
 */
public record LoadedModel(ModelSpec spec, ModelPlan plan, Path file, String source) {
}
