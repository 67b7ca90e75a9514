/**
 * The {@code nd4j} backend plugin ({@link org.lenetlab.backend.nd4j.Nd4jBackendModule}, {@link
 * org.lenetlab.backend.nd4j.Nd4jBackend}): every layer, loss and optimizer as ND4J's own ops on dense c-ordered
 * arrays ({@code Nd4jTensor}), in float32 or float64, composed layer by layer by core's
 * {@link org.lenetlab.backend.kernels.ComposedNetwork}. One {@link org.lenetlab.plan.LayerPlan.Visitor} in
 * {@code Nd4jKernels} picks each layer's kernel:
 * <ul>
 *   <li>libnd4j ops where ND4J has one: {@code conv2d}/{@code conv2d_bp} (oneDNN), {@code maxpool2d},
 *       {@code avgpool2d} and their {@code _bp}, {@code relu}/{@code sigmoid}/{@code tanh} and their {@code _bp},
 *       BLAS {@code gemm} for dense layers;</li>
 *   <li>composed from ND4J ops where it has none: connection tables ({@code Nd4jConvolutionKernel}: the packed
 *       weights expanded by a 0/1 product into a full weight array whose unconnected kernels are zero), trainable
 *       subsampling ({@code Nd4jSubsamplingKernel}: average pooling times the window size, per-channel
 *       coefficient and bias broadcast), RBF units ({@code Nd4jRbfKernel}: broadcast differences, squares and row
 *       sums), the scaled tanh, the losses ({@code Nd4jLosses}, in float64 arrays like the cpu backend's) and SDLM
 *       ({@code Nd4jSdlmUpdater}).</li>
 * </ul>
 * Every kernel has its curvature pass (the Gauss–Newton diagonal for SDLM), built from the same ops with squared
 * weights and inputs. The cpu backend's tests use these kernels as the independent reference of its own.
 */
package org.lenetlab.backend.nd4j;
