package org.lenetlab.model;

import java.util.List;
import org.lenetlab.spec.LayerSpec;

/**
 * One layer of a planned model.
 *
 * @param index       position in the model, from 0
 * @param name        the layer's name (as written, or {@code <type><position>})
 * @param spec        the layer's spec
 * @param input       per-sample input shape
 * @param output      per-sample output shape
 * @param parameters  parameter tensors, in a fixed order (weight, then bias)
 * @param connections multiply-adds of one forward pass of one sample, counting each bias as one connection
 *                    (LeCun et al.'s "connections")
 */
public record LayerPlan(int index, String name, LayerSpec spec, Shape input, Shape output,
                        List<ParameterPlan> parameters, long connections) {

    /** Validates and copies. */
    public LayerPlan {
        parameters = List.copyOf(parameters);
    }

    /** Parameters the optimizer updates. */
    public long trainableParameters() {
        return parameters.stream().filter(ParameterPlan::trainable).mapToLong(p -> p.shape().size()).sum();
    }

    /** Parameters that stay fixed. */
    public long fixedParameters() {
        return parameters.stream().filter(p -> !p.trainable()).mapToLong(p -> p.shape().size()).sum();
    }
}
