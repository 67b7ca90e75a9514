package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;

/** The backend is found as a plugin and describes its device. */
class PluginTest {
    @Test
    void discoveredThroughServiceLoader() {
        BackendRegistry registry = BackendRegistry.discover();
        assertTrue(registry.names().contains("cpu"), registry.names().toString());
        Backend cpu = registry.get("cpu");
        assertInstanceOf(CpuBackend.class, cpu);
        assertEquals("cpu", cpu.name());
        assertSame(cpu, registry.get("cpu"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> registry.get("nope"));
        assertTrue(unknown.getMessage().contains("cpu"), unknown.getMessage());
        BackendStatus status = registry.statuses().stream().filter(s -> s.name().equals("cpu")).findFirst()
                .orElseThrow();
        assertTrue(status.available(), String.valueOf(status.reason()));
        assertEquals(cpu.device(), status.device());
    }

    @Test
    void moduleBindsASingletonByName() {
        Injector injector = Guice.createInjector(new CpuBackendModule());
        Map<String, Provider<Backend>> backends =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, Provider<Backend>>>() { }));
        assertEquals(Set.of("cpu"), backends.keySet());
        Backend first = backends.get("cpu").get();
        assertInstanceOf(CpuBackend.class, first);
        assertSame(first, backends.get("cpu").get());
        assertEquals(List.of("cpu"), BackendRegistry.fromModules(List.of(new CpuBackendModule())).names());
    }

    @Test
    void deviceDescriptions() {
        String device = Fixtures.CPU.device();
        assertTrue(device.contains("ND4J"), device);
        assertTrue(device.contains("thread"), device);
        assertTrue(device.contains("float32"), device);
        ModelPlan plan = Fixtures.shipped("lenet5-relu-maxpool");
        try (CompiledNetwork f = Fixtures.CPU.compile(plan, CompileOptions.inference(Precision.FLOAT32));
             CompiledNetwork d = Fixtures.CPU.compile(plan, CompileOptions.inference(Precision.FLOAT64))) {
            assertTrue(f.device().contains("float32") && !f.device().contains("float64"), f.device());
            assertTrue(d.device().contains("float64") && !d.device().contains("float32"), d.device());
            assertTrue(d.device().contains("on 1 thread"), d.device());
        }
    }
}
