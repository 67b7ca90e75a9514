package org.lenetlab.backend;

import org.lenetlab.model.ParameterPlan;

/**
 * A parameter tensor of a layer kernel with the tensor that receives its gradient.
 *
 * @param plan     what the parameter is (name, shape, fan-in, trainable)
 * @param value    the parameter's values
 * @param gradient the gradient of the loss with respect to {@code value}, overwritten by every backward pass
 */
public record Parameter(ParameterPlan plan, Tensor value, Tensor gradient) {
}
