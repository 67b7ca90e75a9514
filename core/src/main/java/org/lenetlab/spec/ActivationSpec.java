package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An element-wise activation.
 *
 * @param name     optional layer name
 * @param function the function (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivationSpec(String name, ActivationFunction function) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "activation";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }
}
