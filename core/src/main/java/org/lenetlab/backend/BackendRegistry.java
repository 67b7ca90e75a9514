package org.lenetlab.backend;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backends found on the class path, by name. Each is constructed on first use, once; a backend that fails to
 * construct is remembered as unavailable with its reason.
 */
public final class BackendRegistry {
    private final Map<String, Provider<Backend>> providers;
    private final Map<String, Object> constructed = new ConcurrentHashMap<>();

    /** A registry over the given providers, e.g. from a test's own Guice module. */
    public BackendRegistry(Map<String, Provider<Backend>> providers) {
        this.providers = new TreeMap<>(providers);
    }

    /** Finds every {@link BackendModule} with {@link ServiceLoader} and binds them in one injector. */
    public static BackendRegistry discover() {
        List<BackendModule> modules = new ArrayList<>();
        ServiceLoader.load(BackendModule.class).forEach(modules::add);
        return fromModules(modules);
    }

    /** A registry over backends bound by the given modules. */
    public static BackendRegistry fromModules(List<? extends com.google.inject.Module> modules) {
        List<com.google.inject.Module> all = new ArrayList<>(modules);
        // An empty map binder, so that a class path without any backend yields an empty registry, not an error.
        all.add(binder -> BackendModule.backends(binder));
        Injector injector = Guice.createInjector(all);
        Map<String, Provider<Backend>> providers = injector.getInstance(
                Key.get(new TypeLiteral<Map<String, Provider<Backend>>>() { }));
        return new BackendRegistry(providers);
    }

    /** Names of every backend found, sorted. */
    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /**
     * The backend called {@code name}, constructing it on first use.
     *
     * @throws IllegalArgumentException     for a name not found, listing the names found
     * @throws BackendUnavailableException when it cannot run here
     */
    public Backend get(String name) {
        Provider<Backend> provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; backends found: "
                    + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet())));
        }
        Object result = constructed.computeIfAbsent(name, n -> construct(provider));
        if (result instanceof Backend backend) {
            return backend;
        }
        throw (BackendUnavailableException) result;
    }

    /** Whether {@code name} is a backend found on the class path. */
    public boolean contains(String name) {
        return providers.containsKey(name);
    }

    /** The status of every backend found, constructing each to find out. */
    public List<BackendStatus> statuses() {
        List<BackendStatus> out = new ArrayList<>();
        for (String name : providers.keySet()) {
            try {
                out.add(new BackendStatus(name, true, get(name).device(), null));
            } catch (BackendUnavailableException e) {
                out.add(new BackendStatus(name, false, null, e.getMessage()));
            }
        }
        return out;
    }

    private static Object construct(Provider<Backend> provider) {
        try {
            return provider.get();
        } catch (ProvisionException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof BackendUnavailableException)) {
                cause = cause.getCause();
            }
            if (cause instanceof BackendUnavailableException unavailable) {
                return unavailable;
            }
            return new BackendUnavailableException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
        } catch (LinkageError | RuntimeException e) {
            return new BackendUnavailableException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
