package org.lenetlab.model;

import java.util.List;
import org.lenetlab.spec.ModelSpec;

/**
 * A model spec resolved into layers with shapes and counts.
 *
 * @param spec   the model spec it was planned from
 * @param input  per-sample input shape
 * @param layers the planned layers, input to output
 */
public record ModelPlan(ModelSpec spec, Shape input, List<LayerPlan> layers) {

    /** Validates and copies. */
    public ModelPlan {
        layers = List.copyOf(layers);
    }

    /** The model's name. */
    public String name() {
        return spec.name();
    }

    /** Per-sample output shape of the last layer. */
    public Shape output() {
        return layers.isEmpty() ? input : layers.get(layers.size() - 1).output();
    }

    /** Total trainable parameters. */
    public long trainableParameters() {
        return layers.stream().mapToLong(LayerPlan::trainableParameters).sum();
    }

    /** Total fixed parameters. */
    public long fixedParameters() {
        return layers.stream().mapToLong(LayerPlan::fixedParameters).sum();
    }

    /** Total connections. */
    public long connections() {
        return layers.stream().mapToLong(LayerPlan::connections).sum();
    }
}
