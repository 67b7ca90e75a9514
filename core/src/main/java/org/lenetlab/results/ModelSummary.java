package org.lenetlab.results;

import java.util.List;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;

/**
 * A model's architecture as results record it and {@code lenet summary --json} prints it: per layer its name, type,
 * output shape, parameters and connections, then the totals. Made once from the model's plan, so that readers of
 * results (the report) need not plan the model again.
 *
 * @param model       the model's name
 * @param inputShape  per-sample input shape
 * @param layers      the layers, input to output
 * @param trainable   trainable parameters in all
 * @param fixed       fixed parameters in all
 * @param connections connections in all
 */
public record ModelSummary(String model, List<Integer> inputShape, List<Layer> layers, long trainable, long fixed,
                           long connections) {

    /** Copies the lists. */
    public ModelSummary {
        inputShape = List.copyOf(inputShape);
        layers = List.copyOf(layers);
    }

    /**
     * One layer.
     *
     * @param name        the layer's name
     * @param type        its type as specs write it
     * @param outputShape per-sample output shape
     * @param trainable   trainable parameters
     * @param fixed       fixed parameters
     * @param connections connections per sample
     */
    public record Layer(String name, String type, List<Integer> outputShape, long trainable, long fixed,
                        long connections) {
        /** Copies the list. */
        public Layer {
            outputShape = List.copyOf(outputShape);
        }
    }

    /** The summary of {@code plan}. */
    public static ModelSummary of(ModelPlan plan) {
        List<Layer> layers = plan.layers().stream().map(ModelSummary::layer).toList();
        return new ModelSummary(plan.name(), dims(plan.input().dims()), layers, plan.trainableParameters(),
                plan.fixedParameters(), plan.connections());
    }

    private static Layer layer(LayerPlan l) {
        return new Layer(l.name(), l.type(), dims(l.output().dims()), l.trainableParameters(), l.fixedParameters(),
                l.connections());
    }

    private static List<Integer> dims(int[] dims) {
        return java.util.Arrays.stream(dims).boxed().toList();
    }
}
