package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.lenetlab.backend.BackendUnavailableException;

/** The cuda backend for the tests that need a GPU, constructed once; they are skipped where it is unavailable. */
final class Gpu {
    private static CudaBackend backend;
    private static String reason;

    private Gpu() {
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

    /** The backend; skips the calling test (a JUnit assumption) where it is unavailable. */
    static CudaBackend backend() {
        CudaBackend b = backendOrNull();
        assumeTrue(b != null, () -> "no GPU here: " + reason);
        return b;
    }
}
