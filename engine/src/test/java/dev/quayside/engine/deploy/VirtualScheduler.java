package dev.quayside.engine.deploy;

import dev.quayside.engine.time.Scheduler;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/** A scheduler on a test clock: running it jumps the clock to each task's time, so nothing sleeps. */
final class VirtualScheduler implements Scheduler {
    private final MutableClock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;

    private final class Entry implements Comparable<Entry>, Cancellable {
        final Instant due;
        final long order = sequence++;
        final Runnable task;
        boolean cancelled;

        Entry(Instant due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            synchronized (VirtualScheduler.this) {
                cancelled = true;
            }
        }
    }

    VirtualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Entry e = new Entry(clock.instant().plus(delay), task);
        queue.add(e);
        return e;
    }

    /** Runs due tasks in time order until {@code done}, moving the clock; fails past {@code limit} of virtual time. */
    void runUntil(BooleanSupplier done, Duration limit) {
        Instant end = clock.instant().plus(limit);
        while (!done.getAsBoolean()) {
            Entry next;
            synchronized (this) {
                next = queue.poll();
            }
            if (next == null) {
                throw new IllegalStateException("nothing scheduled and not done");
            }
            if (next.cancelled) {
                continue;
            }
            if (next.due.isAfter(end)) {
                throw new IllegalStateException("not done within " + limit + " of virtual time");
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            next.task.run();
        }
    }
}
