package org.lenetlab.backend;

import com.google.inject.Module;
import com.google.inject.multibindings.MapBinder;

/**
 * The service a backend jar registers in {@code META-INF/services/org.lenetlab.backend.BackendModule}: a Guice
 * module that binds its backend by name, e.g.
 * {@code BackendModule.backends(binder()).addBinding("cpu").to(CpuBackend.class)}. Binding must not construct the
 * backend; keep native loading in the backend's constructor.
 */
public interface BackendModule extends Module {
    /** The map binder every backend module adds its binding to. */
    static MapBinder<String, Backend> backends(com.google.inject.Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Backend.class);
    }
}
