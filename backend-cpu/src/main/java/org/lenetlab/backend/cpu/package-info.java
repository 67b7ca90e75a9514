/**
 * The {@code cpu} backend plugin ({@link org.lenetlab.backend.cpu.CpuBackendModule}, {@link
 * org.lenetlab.backend.cpu.CpuBackend}). A network is compiled once, for the precision its cell declares, on one
 * engine, a {@link org.lenetlab.backend.kernels.KernelProvider} whose kernels core composes layer by layer:
 * <ul>
 *   <li>the float32 engine ({@code Float32Kernels}, the default): float32 Java kernels written for LeNet's shapes
 *       ({@code FloatConvolution} and the {@code Float*Kernel}s) on a small worker pool ({@code Workers}), OpenBLAS
 *       {@code sgemm} for the products ({@code FloatGemm}), work cut into units that do not depend on the thread
 *       count so results do not either;</li>
 *   <li>the float64 engine ({@code Float64Kernels}): single-threaded Java loops in double precision
 *       ({@code DoubleConvolution}, the {@code Double*Kernel}s, {@code SubsamplingKernel},
 *       {@code RadialBasisKernel}); it also serves the float32 engine, through {@code Widened}, for the layers the
 *       float32 engine has no kernel of its own for and for every curvature pass.</li>
 * </ul>
 * ND4J's own ops are a backend of their own, {@code nd4j} (module backend-nd4j); this module's tests check both
 * engines against its kernels.
 * The losses ({@code LossKernels}) and SDLM ({@code SdlmUpdater}) are shared by the engines. Each engine dispatches
 * over layer kinds in one place, a {@link org.lenetlab.plan.LayerPlan.Visitor}.
 */
package org.lenetlab.backend.cpu;
