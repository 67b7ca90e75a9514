package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Inverted dropout: during training each value is zeroed with probability {@code rate} and the survivors are
 * scaled by 1/(1 - rate); at inference it is the identity.
 *
 * @param name optional layer name
 * @param rate drop probability in [0, 1) (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DropoutSpec(String name, Double rate) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "dropout";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout(this);
    }
}
