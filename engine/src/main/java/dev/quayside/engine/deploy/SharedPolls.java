package dev.quayside.engine.deploy;

import dev.quayside.engine.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The DescribeServices calls of one watcher's watches (one client: one region and identity), shared per
 * cluster. When a watch is due, every watch of its cluster due within the next {@link #WINDOW} is polled
 * with it, up to {@link #MAX_SERVICES} services a call (what DescribeServices takes); polled together once,
 * they stay in step, so N watches of a cluster cost about N/10 calls a round instead of N. A watch alone
 * is polled exactly when it is due. Each watch keeps its own state, verdict rules, rhythm and deadline:
 * only the call that describes its service is shared.
 */
public final class SharedPolls {
    /** DescribeServices describes at most this many services a call. */
    static final int MAX_SERVICES = 10;
    /** How much earlier than due a watch may be polled, with a call made anyway for another watch. */
    static final Duration WINDOW = Duration.ofMillis(1500);
    /** A round due now waits this long for the watches that start with it (several --service), so that the first call is shared too. */
    static final Duration GATHER = Duration.ofMillis(100);

    private final EcsClient ecs;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<String, Cluster> clusters = new HashMap<>();

    /** A watch whose service these polls describe: a {@link WatchLoop} here, a Jenkins watch on the controller. */
    public interface Member {
        String cluster();

        String service();

        /** One poll of the watch, with its service as the shared call described it; then it says when it is due again, or leaves. */
        void poll(DeploymentPoller.Described described);
    }

    /** {@code ecs} (one region and identity) makes the shared calls, {@code scheduler} runs the rounds. */
    public SharedPolls(EcsClient ecs, Scheduler scheduler, Clock clock) {
        this.ecs = ecs;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** {@code member} is due in {@code delay}. */
    public void due(Member member, Duration delay) {
        Cluster c;
        synchronized (clusters) {
            c = clusters.computeIfAbsent(member.cluster(), Cluster::new);
        }
        c.due(member, clock.millis() + delay.toMillis());
    }

    /** {@code member} is done or cancelled: it is not polled again. */
    public void remove(Member member) {
        Cluster c;
        synchronized (clusters) {
            c = clusters.get(member.cluster());
        }
        if (c != null) {
            c.remove(member);
        }
    }

    /** Whether no watch is due (the owner may close the client). */
    public boolean idle() {
        synchronized (clusters) {
            return clusters.values().stream().allMatch(Cluster::idle);
        }
    }

    /** The watches of one cluster and the one timer that polls the next of them. */
    private final class Cluster {
        private final String name;
        private final Map<Member, Long> dueAt = new LinkedHashMap<>();
        private Scheduler.Cancellable timer;
        private long timerAt = Long.MAX_VALUE;
        private boolean polling;

        Cluster(String name) {
            this.name = name;
        }

        synchronized void due(Member loop, long at) {
            dueAt.put(loop, at);
            reschedule();
        }

        synchronized void remove(Member loop) {
            dueAt.remove(loop);
        }

        synchronized boolean idle() {
            return dueAt.isEmpty() && !polling;
        }

        /** The timer at the earliest due time; none while a round runs (it reschedules when it ends). */
        private void reschedule() {
            if (polling || dueAt.isEmpty()) {
                return;
            }
            long first = dueAt.values().stream().mapToLong(Long::longValue).min().getAsLong();
            if (timer != null && timerAt <= first) {
                return;
            }
            if (timer != null) {
                timer.cancel();
            }
            timerAt = first;
            timer = scheduler.schedule(this::round, Duration.ofMillis(Math.max(GATHER.toMillis(), first - clock.millis())));
        }

        private void round() {
            List<Member> due = new ArrayList<>();
            synchronized (this) {
                timer = null;
                timerAt = Long.MAX_VALUE;
                long until = clock.millis() + WINDOW.toMillis();
                dueAt.entrySet().removeIf(e -> {
                    if (e.getValue() <= until) {
                        due.add(e.getKey());
                        return true;
                    }
                    return false;
                });
                polling = true;
            }
            try {
                for (int from = 0; from < due.size(); ) {
                    // Up to 10 distinct services a call; a service watched twice is described once for both.
                    Set<String> services = new LinkedHashSet<>();
                    int to = from;
                    while (to < due.size() && (services.size() < MAX_SERVICES || services.contains(due.get(to).service()))) {
                        services.add(due.get(to).service());
                        to++;
                    }
                    DeploymentPoller.Described[] answers = describe(services, due.subList(from, to));
                    for (int i = from; i < to; i++) {
                        due.get(i).poll(answers[i - from]);
                    }
                    from = to;
                }
            } finally {
                synchronized (this) {
                    polling = false;
                    reschedule();
                }
            }
        }

        /** One DescribeServices call for {@code services}; each watch's answer (its service, none when missing, or the call's error). */
        private DeploymentPoller.Described[] describe(Set<String> services, List<Member> loops) {
            DeploymentPoller.Described[] answers = new DeploymentPoller.Described[loops.size()];
            Map<String, Service> byName = new HashMap<>();
            SdkException failed = null;
            try {
                DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(name).services(services));
                for (Service s : r.services()) {
                    byName.put(s.serviceName(), s);
                    byName.put(s.serviceArn(), s);
                }
            } catch (SdkException e) {
                failed = e;
            }
            for (int i = 0; i < loops.size(); i++) {
                String service = loops.get(i).service();
                SdkException error = failed;
                answers[i] = error != null ? () -> {
                    throw error;
                } : () -> Optional.ofNullable(byName.get(service));
            }
            return answers;
        }
    }
}
