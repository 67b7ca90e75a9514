/**
 * The {@code cuda} backend: every layer, loss and optimizer of the CPU backend as CUDA C kernels
 * ({@code src/main/cuda}), compiled to PTX when the jar is built and launched through JCuda's driver API. Tensors
 * are device buffers; a training step launches kernels only, and the host sees the batch's labels going in and its
 * per-row losses and predictions coming out. The backend is constructed lazily by the registry; without PTX, a
 * driver or a device it reports itself unavailable with the reason.
 */
package org.lenetlab.backend.cuda;
