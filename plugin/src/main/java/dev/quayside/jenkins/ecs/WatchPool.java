package dev.quayside.jenkins.ecs;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run the deployment watches' calls: a few of our own, never {@code jenkins.util.Timer}
 * (which Jenkins' queue maintenance and periodic work share, and which a blocking AWS or agent call must
 * not hold). Between polls a watch holds no thread; many watches share these. Stopped with Jenkins, so
 * that no poll of a controller that is going away runs on (public for the {@link Terminator} finder).
 */
public final class WatchPool {
    static final int THREADS = 4;

    private static ScheduledExecutorService pool;
    private static volatile boolean stopping;

    private WatchPool() {
    }

    /** Runs {@code task} after {@code delayMillis}; nothing (null) while Jenkins is stopping: the watch resumes after the restart. */
    static synchronized Future<?> schedule(Runnable task, long delayMillis) {
        if (stopping) {
            return null;
        }
        return get().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether Jenkins is stopping: a call interrupted now is not a failure of the watch. */
    static boolean stopping() {
        return stopping;
    }

    private static synchronized ScheduledExecutorService get() {
        if (pool == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS,
                    new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "Quayside deployment watch"));
            executor.setRemoveOnCancelPolicy(true);
            pool = executor;
        }
        return pool;
    }

    @Terminator
    public static synchronized void shutdown() {
        stopping = true;
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
        ControllerPolls.closeAll();
    }

    /** A new Jenkins in the same JVM (a restart in tests, or a reload) starts watches again. */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static synchronized void started() {
        stopping = false;
    }
}
