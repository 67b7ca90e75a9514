package org.lenetlab.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import jakarta.inject.Provider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendStatus;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.Precision;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;

/** The backend is found as a plugin, bound by name through Guice, and describes its device. */
class PluginTest {
    @Test
    void discoveredThroughServiceLoader() {
        BackendRegistry registry = BackendRegistry.discover();
        assertTrue(registry.names().contains("nd4j"), registry.names().toString());
        Backend nd4j = registry.get("nd4j");
        assertInstanceOf(Nd4jBackend.class, nd4j);
        assertEquals("nd4j", nd4j.name());
        assertSame(nd4j, registry.get("nd4j"));
        BackendStatus status = registry.statuses().stream().filter(s -> s.name().equals("nd4j")).findFirst()
                .orElseThrow();
        assertTrue(status.available(), String.valueOf(status.reason()));
        assertEquals(nd4j.device(), status.device());
    }

    @Test
    void moduleBindsASingletonByName() {
        Injector injector = Guice.createInjector(new Nd4jBackendModule());
        Map<String, Provider<Backend>> backends =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, Provider<Backend>>>() { }));
        assertEquals(Set.of("nd4j"), backends.keySet());
        Backend first = backends.get("nd4j").get();
        assertInstanceOf(Nd4jBackend.class, first);
        assertSame(first, backends.get("nd4j").get());
        assertEquals(List.of("nd4j"), BackendRegistry.fromModules(List.of(new Nd4jBackendModule())).names());
    }

    @Test
    void deviceDescriptionsSayPrecisionAndThatEveryLayerIsNd4jOps() {
        String device = Fixtures.ND4J.device();
        assertTrue(device.contains("ND4J 1.0.0-M2.1"), device);
        assertTrue(device.contains("thread"), device);
        assertTrue(device.contains("float32"), device);
        assertTrue(device.contains("ND4J ops for every layer, loss and optimizer"), device);
        assertTrue(device.contains("no Java fallback"), device);
        var plan = Fixtures.plan(1, 4, 4, new FlattenSpec(null), new DenseSpec(null, 3, null, null));
        try (CompiledNetwork f = Fixtures.ND4J.compile(plan, CompileOptions.inference(Precision.FLOAT32));
             CompiledNetwork d = Fixtures.ND4J.compile(plan, CompileOptions.inference(Precision.FLOAT64))) {
            assertEquals(Precision.FLOAT32, f.precision());
            assertEquals(Precision.FLOAT64, d.precision());
            assertTrue(f.device().contains("float32") && !f.device().contains("float64"), f.device());
            assertTrue(d.device().contains("float64") && !d.device().contains("float32"), d.device());
        }
    }
}
