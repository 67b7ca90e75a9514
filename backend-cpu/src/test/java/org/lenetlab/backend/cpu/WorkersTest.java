package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The float32 kernels' thread pool runs every unit exactly once per call, and reports a unit's failure. */
class WorkersTest {
    @Test
    void everyUnitRunsExactlyOncePerCallAcrossManyCalls() {
        Workers workers = new Workers(3);
        try {
            // many short calls back to back: a helper that wakes late must never run a unit of a newer call twice
            for (int call = 0; call < 200_000; call++) {
                int units = 1 + call % 7;
                AtomicIntegerArray runs = new AtomicIntegerArray(units);
                int[] seenWorker = new int[units];
                workers.run(units, (unit, worker) -> {
                    runs.incrementAndGet(unit);
                    seenWorker[unit] = worker;
                });
                for (int u = 0; u < units; u++) {
                    assertEquals(1, runs.get(u), "call " + call + ", unit " + u);
                    assertTrue(seenWorker[u] >= 0 && seenWorker[u] < 3);
                }
            }
        } finally {
            workers.close();
        }
    }

    @Test
    void aUnitsExceptionIsRethrownAfterTheOtherUnitsEnded() {
        Workers workers = new Workers(2);
        try {
            int[] done = new int[8];
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> workers.run(8, (unit, worker) -> {
                if (unit == 3) {
                    throw new IllegalStateException("unit 3 failed");
                }
                done[unit] = 1;
            }));
            assertEquals("unit 3 failed", e.getMessage());
            assertArrayEquals(new int[] {1, 1, 1, 0, 1, 1, 1, 1}, done);
            // the pool still works afterwards
            int[] again = new int[4];
            workers.run(4, (unit, worker) -> again[unit] = unit + 1);
            assertArrayEquals(new int[] {1, 2, 3, 4}, again);
        } finally {
            workers.close();
        }
    }

    @Test
    void oneThreadRunsEveryUnitOnTheCaller() {
        Workers workers = new Workers(1);
        Thread caller = Thread.currentThread();
        boolean[] onCaller = new boolean[5];
        workers.run(5, (unit, worker) -> onCaller[unit] = Thread.currentThread() == caller && worker == 0);
        assertArrayEquals(new boolean[] {true, true, true, true, true}, onCaller);
        assertThrows(IllegalArgumentException.class, () -> new Workers(0));
    }
}
