package org.lenetlab.backend.cuda;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.lenetlab.backend.BackendModule;

/**
 * Contributes the {@code cuda} backend. Binding only names the class; JCuda's native library loads, and the
 * driver and device are opened, when the registry first asks for the backend.
 */
public final class CudaBackendModule extends AbstractModule implements BackendModule {
    @Override
    protected void configure() {
        BackendModule.backends(binder()).addBinding(CudaBackend.NAME).to(CudaBackend.class).in(Singleton.class);
    }
}
