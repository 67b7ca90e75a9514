package org.lenetlab.backend.kernels;

import org.lenetlab.plan.ParameterPlan;

/**
 * A parameter tensor of a layer kernel with the tensors that receive its gradient and its curvature.
 *
 * @param plan      what the parameter is (name, shape, fan-in, trainable)
 * @param value     the parameter's values
 * @param gradient  the gradient of the loss with respect to {@code value}, overwritten by every backward pass
 * @param curvature the Gauss–Newton estimate of the diagonal of the loss's second derivative with respect to
 *                  {@code value}, overwritten by every {@link LayerKernel#backwardCurvature curvature pass};
 *                  {@code null} for a kernel without a curvature pass
 */
public record Parameter(ParameterPlan plan, Tensor value, Tensor gradient, Tensor curvature) {
    /** A parameter without a curvature tensor. */
    public Parameter(ParameterPlan plan, Tensor value, Tensor gradient) {
        this(plan, value, gradient, null);
    }
}
