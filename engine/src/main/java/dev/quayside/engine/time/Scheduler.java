package dev.quayside.engine.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs delayed work for many watches on a few threads (a watch between polls holds no thread).
 * Tests use a virtual implementation driven by a test clock.
 */
public interface Scheduler {
    /** A cancellable scheduled task. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Runnable task, Duration delay);

    /** A real scheduler on {@code threads} daemon threads named {@code quayside-watch-N}. */
    static Scheduler threads(int threads) {
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "quayside-watch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return (task, delay) -> {
            ScheduledFuture<?> f = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
