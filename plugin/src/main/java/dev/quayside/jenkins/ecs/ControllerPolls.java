package dev.quayside.jenkins.ecs;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.SharedPolls;
import dev.quayside.engine.time.Scheduler;
import dev.quayside.jenkins.aws.AwsTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The DescribeServices calls of the deployment watches that poll on the controller (outside {@code node {}}),
 * shared by the watches of one identity (credentials id and role), region and endpoint: one engine
 * {@link SharedPolls} each (10 services a call, per cluster), on {@link WatchPool}. Its client is
 * replaced every 10 minutes, so that credentials rotated in Jenkins are picked up; the old one is closed
 * once nothing waits on it.
 */
final class ControllerPolls {
    private static final long CLIENT_TTL_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** The rounds run on the watches' own threads. */
    private static final Scheduler ON_WATCH_POOL = (task, delay) -> {
        Future<?> f = WatchPool.schedule(task, delay.toMillis());
        return () -> {
            if (f != null) {
                f.cancel(false);
            }
        };
    };

    private record Key(String credentialsId, String roleArn, String region, String endpoint, String proxy) {
    }

    private record Entry(EcsClient ecs, SharedPolls polls, long createdAt) {
    }

    private static final Map<Key, Entry> CURRENT = new HashMap<>();
    private static final List<Entry> RETIRED = new ArrayList<>();

    private ControllerPolls() {
    }

    /** {@code member}'s next poll, in {@code delay}, with the others of its identity, region and cluster. */
    static void due(SharedPolls.Member member, String credentialsId, String roleArn, AwsTarget target, Map<String, String> environment, Duration delay) {
        AwsSettings settings = target.onController(environment);
        Key key = new Key(credentialsId, roleArn, settings.region().id(), settings.endpoint("ecs").map(Object::toString).orElse(null),
                Objects.requireNonNullElse(environment.get("HTTPS_PROXY"), environment.getOrDefault("https_proxy", "")));
        SharedPolls polls;
        synchronized (ControllerPolls.class) {
            Entry e = CURRENT.get(key);
            if (e == null || System.nanoTime() - e.createdAt > CLIENT_TTL_NANOS) {
                if (e != null) {
                    RETIRED.add(e);
                }
                EcsClient ecs = AwsClients.ecs(settings);
                e = new Entry(ecs, new SharedPolls(ecs, ON_WATCH_POOL, Clock.systemUTC()), System.nanoTime());
                CURRENT.put(key, e);
            }
            closeIdleRetired();
            polls = e.polls;
        }
        polls.due(member, delay);
    }

    /** {@code member} stopped: not polled again. */
    static void remove(SharedPolls.Member member) {
        List<Entry> all;
        synchronized (ControllerPolls.class) {
            all = new ArrayList<>(CURRENT.values());
            all.addAll(RETIRED);
        }
        all.forEach(e -> e.polls.remove(member));
    }

    private static void closeIdleRetired() {
        for (Iterator<Entry> it = RETIRED.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.polls.idle()) {
                e.ecs.close();
                it.remove();
            }
        }
    }

    /** Jenkins stops: every client closed (the watches resume after a restart and build new ones). */
    static synchronized void closeAll() {
        CURRENT.values().forEach(e -> e.ecs.close());
        RETIRED.forEach(e -> e.ecs.close());
        CURRENT.clear();
        RETIRED.clear();
    }
}
