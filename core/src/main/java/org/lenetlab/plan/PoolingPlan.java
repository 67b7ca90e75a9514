package org.lenetlab.plan;

import java.util.List;

/**
 * Max or average pooling over square windows without padding. Average pooling divides by {@code size²}; max
 * pooling routes the gradient to the first maximum of a window (in row-major order).
 *
 * @param index  position in the model
 * @param name   the layer's name
 * @param input  per-sample input, channels × height × width
 * @param output per-sample output
 * @param kind   which reduction
 * @param size   the side of the window
 * @param stride the step between windows
 */
public record PoolingPlan(int index, String name, Shape input, Shape output, PoolingKind kind, int size, int stride)
        implements LayerPlan {

    @Override
    public List<ParameterPlan> parameters() {
        return List.of();
    }

    @Override
    public long connections() {
        return output.size() * size * size;
    }

    @Override
    public String type() {
        return kind.type();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.pooling(this);
    }
}
