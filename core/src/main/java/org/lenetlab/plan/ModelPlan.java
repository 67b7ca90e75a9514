package org.lenetlab.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A model resolved from its spec: the contract between core and the backends. Immutable; built once per model by
 * the planner ({@code org.lenetlab.spec.ModelPlanner}) and handed to every cell that trains it.
 *
 * @param name          the model's name
 * @param input         per-sample input shape (after the preprocessing's padding)
 * @param preprocessing what is done to every image before the first layer
 * @param layers        the layers, input to output
 * @param loss          the training loss and prediction rule
 */
public record ModelPlan(String name, Shape input, Preprocessing preprocessing, List<LayerPlan> layers,
                        LossPlan loss) {

    /** Copies the list and checks that the layers chain. */
    public ModelPlan {
        layers = List.copyOf(layers);
        Shape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            LayerPlan layer = layers.get(i);
            if (layer.index() != i || !layer.input().equals(shape)) {
                throw new IllegalArgumentException("layer " + layer.name() + " at " + i + " takes " + layer.input()
                        + " but gets " + shape);
            }
            shape = layer.output();
        }
    }

    /** Per-sample output shape of the last layer. */
    public Shape output() {
        return layers.isEmpty() ? input : layers.get(layers.size() - 1).output();
    }

    /** Every parameter, layer by layer, in each layer's order: the order of checkpoints and weight digests. */
    public List<ParameterPlan> parameters() {
        List<ParameterPlan> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.parameters()));
        return List.copyOf(all);
    }

    /** The layer each of {@link #parameters()} belongs to, in the same order. */
    public List<LayerPlan> parameterLayers() {
        List<LayerPlan> all = new ArrayList<>();
        for (LayerPlan l : layers) {
            for (int i = 0; i < l.parameters().size(); i++) {
                all.add(l);
            }
        }
        return List.copyOf(all);
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
