package dev.quayside.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C and SIGTERM do while a command runs: stop the current work (by default, interrupt the
 * command's thread, which stops a {@code docker} child and unwinds through the cleanups that remove
 * private Docker configs), then let the JVM exit only once the command has returned, so that no secret
 * file or child process outlives it. Bounded: after {@link #GRACE_SECONDS} the JVM exits anyway.
 */
final class Signals {
    static final long GRACE_SECONDS = 10;
    private static volatile Signals current;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile Runnable stop;

    private Signals(Thread worker) {
        this.stop = worker::interrupt;
        this.hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quayside-signal");
    }

    /** Installs the handling for the command running on this thread. */
    static Signals install() {
        Signals s = new Signals(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(s.hook);
        current = s;
        return s;
    }

    /** The handling of the running command (none outside one). */
    static Signals current() {
        return current;
    }

    /** While {@code work} runs, a signal runs {@code onSignal} instead of interrupting (a watch says where it was). */
    <T> T during(Runnable onSignal, java.util.function.Supplier<T> work) {
        Runnable previous = stop;
        stop = onSignal;
        try {
            return work.get();
        } finally {
            stop = previous;
        }
    }

    /** The command has returned: a signal now may end the JVM at once. */
    void finished() {
        finished.countDown();
        if (current == this) {
            current = null;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it has seen finished() and returns, then the JVM exits.
        }
    }
}
