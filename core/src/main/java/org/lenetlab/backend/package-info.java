/**
 * The compute-backend SPI. A backend jar contributes a {@link org.lenetlab.backend.BackendModule} (a Guice
 * module found with {@link java.util.ServiceLoader}) that binds its {@link org.lenetlab.backend.Backend} by name into
 * a {@code MapBinder<String, Backend>}. The {@link org.lenetlab.backend.BackendRegistry} only ever sees
 * {@code Provider}s, so a backend is constructed (and its native libraries loaded) when a run first asks for it,
 * and a backend that cannot load is reported with its reason instead of failing anything else.
 *
 * <p>Backends supply kernels: tensors, one kernel per layer, the loss and the parameter update. The training loop
 * itself lives in {@code org.lenetlab.train} and is the same for every backend. For the stochastic diagonal
 * Levenberg–Marquardt method a backend also supplies second derivatives: a curvature pass per layer
 * ({@link org.lenetlab.backend.LayerKernel#backwardCurvature}), the loss's curvature
 * ({@link org.lenetlab.backend.LossKernel#lossGradientAndCurvature}), a curvature tensor per
 * {@link org.lenetlab.backend.Parameter}, and an updater that averages them
 * ({@link org.lenetlab.backend.ParameterUpdater#usesCurvature()}).
 */
package org.lenetlab.backend;
