package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Reshapes channels × height × width into one vector, channel-major (as PyTorch's {@code Flatten}).
 *
 * @param name optional layer name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlattenSpec(String name) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "flatten";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.flatten(this);
    }
}
