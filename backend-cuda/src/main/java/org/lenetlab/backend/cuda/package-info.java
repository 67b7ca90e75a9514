/**
 * The {@code cuda} backend: every layer, loss and update rule of the CPU backend as CUDA C functions
 * ({@code src/main/cuda}, one {@link org.lenetlab.backend.cuda.DeviceFunction} per {@code __global__} function),
 * compiled to PTX when the jar is built and launched through JCuda's driver API, in float32 only (a cell declaring
 * float64 is refused with the reason, and core records it as skipped).
 *
 * <p>{@link org.lenetlab.backend.cuda.CudaBackend#compile} composes per-layer kernels with core's
 * {@link org.lenetlab.backend.kernels.ComposedNetwork}; {@code CudaKernels} is the
 * {@link org.lenetlab.backend.kernels.KernelProvider}, whose single {@link org.lenetlab.plan.LayerPlan.Visitor} builds
 * one layer kernel from each typed plan record, with the loss chosen by a {@link org.lenetlab.plan.LossPlan.Visitor}
 * and the update rule by an {@link org.lenetlab.plan.OptimizerPlan.Visitor}. Tensors are device buffers, the data set
 * is uploaded once and batches are gathered on the device; a training step launches device functions only, and the
 * host sees the batch's indices and labels going in and its per-row losses and predictions coming out. Dropout masks
 * are drawn on the device and equal the CPU backend's for the same seed.
 *
 * <p>The backend is constructed lazily by the registry; without PTX, a driver or a device it reports itself
 * unavailable with the reason. {@link org.lenetlab.backend.cuda.AgreementCheck} compares it with the CPU backend's
 * outputs on a GPU machine that has no CPU backend (see {@code backend-cuda/gpu/README.md}).
 */
package org.lenetlab.backend.cuda;
