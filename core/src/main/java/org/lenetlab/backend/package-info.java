/**
 * The compute-backend SPI, free of any backend's libraries. A backend jar contributes a
 * {@link org.lenetlab.backend.BackendModule} (a Guice module found with {@link java.util.ServiceLoader}) that binds its
 * {@link org.lenetlab.backend.Backend} by name into a {@code MapBinder<String, Backend>}. The
 * {@link org.lenetlab.backend.BackendRegistry} only ever sees {@code Provider}s, so a backend is constructed (and its
 * native libraries loaded) when a run first asks for it, and a backend that cannot load is reported with its reason
 * instead of failing anything else.
 *
 * <p>A backend compiles a whole {@link org.lenetlab.plan.ModelPlan} into a
 * {@link org.lenetlab.backend.CompiledNetwork} that trains and evaluates one batch per call; core's training loop
 * ({@code org.lenetlab.train}) drives it, the same for every backend. Backends that compute layer by layer implement
 * the kernels of {@code org.lenetlab.backend.kernels} and let core compose them.
 *
 * <p>Words used throughout: a <em>kernel</em> is a backend's computation of one layer (or loss) in one precision; a
 * <em>device function</em> is one CUDA C function the cuda backend launches; <em>host</em> is the CPU's memory as
 * opposed to a device's.
 */
package org.lenetlab.backend;
