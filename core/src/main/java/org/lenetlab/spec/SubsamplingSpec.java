package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.lenetlab.plan.Initializer;

/**
 * LeCun et al.'s trainable subsampling: the values of each square window of a channel are summed, multiplied by
 * one trainable coefficient of that channel, and one trainable bias of that channel is added (2 parameters per
 * channel). Without padding.
 *
 * @param name        optional layer name
 * @param size        window size, default 2
 * @param stride      stride, default the window size
 * @param initializer optional override of the model's initializer (the coefficients' fan-in is size²)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubsamplingSpec(String name, Integer size, Integer stride, Initializer initializer) implements LayerSpec {
    /** The type name in specs. */
    public static final String TYPE = "subsampling";

    /** Applies the defaults. */
    public SubsamplingSpec {
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
        return visitor.subsampling(this);
    }
}
