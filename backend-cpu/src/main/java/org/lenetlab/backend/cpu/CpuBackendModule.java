package org.lenetlab.backend.cpu;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.lenetlab.backend.BackendModule;

/**
 * Contributes the {@code cpu} backend. Binding only names the class; ND4J's native libraries load when the
 * registry first asks for the backend.
 */
public final class CpuBackendModule extends AbstractModule implements BackendModule {
    @Override
    protected void configure() {
        BackendModule.backends(binder()).addBinding(CpuBackend.NAME).to(CpuBackend.class).in(Singleton.class);
    }
}
