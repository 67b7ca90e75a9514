package org.lenetlab.backend.nd4j;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.lenetlab.backend.BackendModule;

/**
 * Contributes the {@code nd4j} backend. Binding only names the class; ND4J's native libraries load when the
 * registry first asks for the backend.
 */
public final class Nd4jBackendModule extends AbstractModule implements BackendModule {
    @Override
    protected void configure() {
        BackendModule.backends(binder()).addBinding(Nd4jBackend.NAME).to(Nd4jBackend.class).in(Singleton.class);
    }
}
