package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.lenetlab.backend.BackendUnavailableException;

/**
 * The cuda backend for the tests that need a GPU, constructed once, and the switch that decides what such a test does
 * where the backend is unavailable: it is skipped on a machine without an NVIDIA GPU (developer machines, CI), but it
 * fails on a machine that has one ({@code /dev/nvidia0}, or a GPU listed under {@code /proc/driver/nvidia/gpus}),
 * since there an unavailable backend is a bug (no PTX built, the driver not loading, a device that will not open), not
 * a missing GPU.
 *
 * <p>The environment variable {@value #REQUIRE} overrides the detection: {@code true} (or any value but
 * {@code false}/{@code 0}) fails the GPU tests wherever the backend is unavailable, for a GPU runner whose device files
 * the tests cannot see; {@code false} or {@code 0} skips them even on a GPU machine (e.g. a build without nvcc on
 * purpose). Unlike the browser tests' switch, {@code CI} alone changes nothing: CI machines have no GPU, and the GPU
 * tests must be skippable there.
 */
final class Gpu {
    /** The environment variable that forces failing ({@code true}) or skipping ({@code false}). */
    static final String REQUIRE = "LENET_REQUIRE_GPU";
    /** The device file of the first NVIDIA GPU, present where the driver has found one. */
    static final Path DEVICE = Path.of("/dev/nvidia0");
    /** One entry per GPU the NVIDIA kernel module has found. */
    static final Path DRIVER_GPUS = Path.of("/proc/driver/nvidia/gpus");

    private static CudaBackend backend;
    private static String reason;

    private Gpu() {
    }

    /** What a GPU test does. */
    enum Outcome {
        /** The backend is available: the test runs. */
        RUN,
        /** No GPU here and none required: the test is skipped. */
        SKIP,
        /** A GPU here (or one required) but no backend: the test fails. */
        FAIL
    }

    /**
     * The switch.
     *
     * @param available  whether the cuda backend could be constructed
     * @param gpuPresent whether this machine has an NVIDIA GPU
     * @param required   {@link #REQUIRE}'s setting: {@code null} when unset, else whether it requires a GPU
     */
    static Outcome outcome(boolean available, boolean gpuPresent, Boolean required) {
        if (available) {
            return Outcome.RUN;
        }
        boolean fail = required == null ? gpuPresent : required;
        return fail ? Outcome.FAIL : Outcome.SKIP;
    }

    /** {@link #REQUIRE}'s setting in {@code value}: {@code null} when unset or blank. */
    static Boolean required(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return !(v.equals("false") || v.equals("0") || v.equals("no"));
    }

    /** Whether this machine has an NVIDIA GPU that its driver has found. */
    static boolean nvidiaGpuPresent() {
        if (Files.exists(DEVICE)) {
            return true;
        }
        if (Files.isDirectory(DRIVER_GPUS)) {
            try (Stream<Path> gpus = Files.list(DRIVER_GPUS)) {
                return gpus.findAny().isPresent();
            } catch (IOException e) {
                return true; // the driver's directory is there; assume it lists a GPU
            }
        }
        return false;
    }

    /** The backend, or {@code null} with {@link #reason()} set. */
    static synchronized CudaBackend backendOrNull() {
        if (backend == null && reason == null) {
            try {
                backend = new CudaBackend();
            } catch (BackendUnavailableException e) {
                reason = e.getMessage();
            }
        }
        return backend;
    }

    /** Why the backend is unavailable, or {@code null}. */
    static synchronized String reason() {
        backendOrNull();
        return reason;
    }

    /**
     * The backend; where it is unavailable, skips the calling test (a JUnit assumption) or fails it, as
     * {@link #outcome} decides.
     */
    static CudaBackend backend() {
        CudaBackend b = backendOrNull();
        boolean gpu = nvidiaGpuPresent();
        Boolean required = required(System.getenv(REQUIRE));
        switch (outcome(b != null, gpu, required)) {
            case RUN:
                return b;
            case FAIL:
                fail("the cuda backend is unavailable (" + reason + ") on a machine that "
                        + (required != null ? "requires a GPU (" + REQUIRE + " is set)" : "has an NVIDIA GPU ("
                        + DEVICE + " or " + DRIVER_GPUS + ")") + ", so this GPU test fails instead of being skipped; "
                        + REQUIRE + "=false skips it");
                return null;
            default:
                Assumptions.abort("no GPU here: " + reason);
                return null;
        }
    }
}
