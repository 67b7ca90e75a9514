package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Average pooling over square windows of each channel (no padding, so every window has size² inputs).
 *
 * @param name   optional layer name
 * @param size   window size, default 2
 * @param stride stride, default the window size
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AveragePoolingSpec(String name, Integer size, Integer stride) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "average-pooling";

    /** Applies the defaults. */
    public AveragePoolingSpec {
        size = size == null ? 2 : size;
        stride = stride == null ? size : stride;
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.averagePooling(this);
    }
}
