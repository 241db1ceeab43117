package dev.quayside.jenkins.ecs;

import hudson.init.Terminator;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The threads that run the deployment watches' calls: a few of our own, never {@code jenkins.util.Timer}
 * (which Jenkins' queue maintenance and periodic work share, and which a blocking AWS or agent call must
 * not hold). Between polls a watch holds no thread; many watches share these. Stopped with Jenkins, so
 * that no poll of a controller that is going away runs on (public for the {@link Terminator} finder).
 */
public final class WatchPool {
    static final int THREADS = 4;

    private static ScheduledExecutorService pool;

    private WatchPool() {
    }

    static synchronized ScheduledExecutorService get() {
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
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
