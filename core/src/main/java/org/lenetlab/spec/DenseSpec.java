package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.lenetlab.plan.Initializer;

/**
 * A fully connected layer with bias.
 *
 * @param name        optional layer name
 * @param units       number of outputs (required)
 * @param inputs      optional: the number of inputs this layer expects; checked against the layer before
 * @param initializer optional override of the model's initializer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DenseSpec(String name, Integer units, Integer inputs, Initializer initializer) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "dense";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dense(this);
    }
}
