/**
 * Per-layer kernels and their default composition into a network. A backend that computes layer by layer supplies a
 * {@link org.lenetlab.backend.kernels.KernelProvider} per precision: tensors, one
 * {@link org.lenetlab.backend.kernels.LayerKernel} per layer (built by one
 * {@link org.lenetlab.plan.LayerPlan.Visitor}), the {@link org.lenetlab.backend.kernels.LossKernel} and the
 * {@link org.lenetlab.backend.kernels.ParameterUpdater}; {@link org.lenetlab.backend.kernels.ComposedNetwork} turns
 * them into a {@link org.lenetlab.backend.CompiledNetwork}. A backend that fuses layers or captures a whole step
 * implements {@code CompiledNetwork} itself instead, or wraps a composed one.
 *
 * <p>For the stochastic diagonal Levenberg–Marquardt method a provider also supplies second derivatives: a curvature
 * pass per layer ({@link org.lenetlab.backend.kernels.LayerKernel#backwardCurvature}), the loss's curvature
 * ({@link org.lenetlab.backend.kernels.LossKernel#lossGradientAndCurvature}), a curvature tensor per
 * {@link org.lenetlab.backend.kernels.Parameter}, and an updater that averages them. What every backend shares lives
 * here once: the loss argument checks ({@link org.lenetlab.backend.kernels.LossChecks}) and the trainable filter
 * (in the composition); the optimizer arithmetic and state layout live on {@link org.lenetlab.plan.OptimizerPlan}.
 */
package org.lenetlab.backend.kernels;
