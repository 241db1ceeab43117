package dev.quayside.testing;

import java.lang.management.ManagementFactory;

/**
 * How many bytes of heap a piece of work allocates on the calling thread: an upper bound on what it
 * can hold at once, so "a 72 KB input never costs more than ~100 MB of heap" can be checked without
 * depending on when the garbage collector runs.
 */
public final class Allocations {
    /** Work that may throw (a refused input is as much a result as an accepted one). */
    public interface Work {
        void run() throws Exception;
    }

    private Allocations() {
    }

    /** Bytes allocated by {@code work} on this thread, whether it returns or throws. */
    public static long of(Work work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            work.run();
        } catch (Exception e) {
            // Only the cost is measured here; the caller checks the outcome separately.
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
