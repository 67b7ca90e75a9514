package org.lenetlab.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The float32 kernels' threads: runs numbered units of work on the calling thread and {@code threads - 1} daemon
 * helper threads, and returns when all are done.
 *
 * <p>Kernels cut their work into units that do not depend on the thread count (fixed chunks of a batch, never "one
 * part per thread") and each unit writes its own outputs, so results are the same whatever the thread count or the
 * order in which threads pick up units. Nothing is allocated per call: the task is a field, and helpers spin
 * briefly, then park, between calls. A 64-bit claim counter holds the call's number and its next unit, so a helper
 * that wakes late can never claim a unit of a newer call with an older task; the unit count sits in the same word, so
 * a helper that read a newer call's task cannot claim from an older call either.
 */
final class Workers {
    /** A unit of work: {@code unit} numbers it, {@code worker} (below {@link #threads()}) names its thread's scratch. */
    @FunctionalInterface
    interface Task {
        void run(int unit, int worker);
    }

    private static final long SPIN_NANOS = 50_000;

    private final Thread[] helpers;
    private final int threads;
    /** Bits of {@link #claims}: the call's number (24 bits), its unit count (20 bits), its next unclaimed unit (20). */
    private static final int FIELD_BITS = 20;
    private static final long FIELD_MASK = (1L << FIELD_BITS) - 1;
    private static final long CALL_MASK = -1L << (2 * FIELD_BITS);
    /** The most units one call hands out to the helpers (more run on the caller alone). */
    static final int MAX_UNITS = (int) FIELD_MASK;

    /**
     * The current call's number, unit count and next unclaimed unit, in one word: a helper claims a unit with one
     * compare-and-set, and the count it checks against is always the count of the call it claims from.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private Task task;
    private volatile Throwable failure;
    private volatile Thread caller;
    private int call;
    private volatile boolean closed;

    /** A pool of {@code threads} threads in all (the caller included). */
    Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            int worker = i + 1;
            Thread t = new Thread(() -> helperLoop(worker), "lenet-cpu-worker-" + worker);
            t.setDaemon(true);
            helpers[i] = t;
            t.start();
        }
    }

    /** The number of threads, the caller included. */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code task} for every unit in {@code [0, count)} and returns when all have finished; a unit's exception
     * is rethrown here after the others ended. Calls from several threads take turns; a task must not call
     * {@code run} itself.
     */
    synchronized void run(int count, Task work) {
        if (count <= 0) {
            return;
        }
        if (threads == 1 || count == 1 || count > MAX_UNITS) {
            for (int u = 0; u < count; u++) {
                work.run(u, 0);
            }
            return;
        }
        failure = null;
        task = work;
        finished.set(0);
        caller = Thread.currentThread();
        call++;
        long base = ((long) call << (2 * FIELD_BITS)) & CALL_MASK;
        // publishes the task to the helpers, which read it after seeing this call number; until every unit of this
        // call is claimed, the task stays this call's, so a helper that read it late cannot run a newer task's unit
        // under this call's claim
        claims.set(base | ((long) count << FIELD_BITS));
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        drain(work, base, 0);
        long start = System.nanoTime();
        while (finished.get() < count) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 20_000);
            }
        }
        Throwable t = failure;
        if (t != null) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    /** Claims and runs units of the call {@code base} names until none is left or a new call began. */
    private void drain(Task work, long base, int worker) {
        while (true) {
            long v = claims.get();
            int count = (int) ((v >>> FIELD_BITS) & FIELD_MASK);
            int unit = (int) (v & FIELD_MASK);
            if ((v & CALL_MASK) != base || unit >= count) {
                return;
            }
            if (!claims.compareAndSet(v, v + 1)) {
                continue;
            }
            try {
                work.run(unit, worker);
            } catch (Throwable t) {
                failure = t;
            }
            if (finished.incrementAndGet() == count) {
                Thread c = caller;
                if (c != null && c != Thread.currentThread()) {
                    LockSupport.unpark(c);
                }
            }
        }
    }

    /** Ends the helper threads once they are idle; the pool must not be used afterwards. */
    void close() {
        closed = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
    }

    private void helperLoop(int worker) {
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            long v;
            while (((v = claims.get()) & CALL_MASK) == seen) {
                if (closed) {
                    return;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = v & CALL_MASK;
            Task work = task;
            if (work != null) {
                drain(work, seen, worker);
            }
        }
    }
}
