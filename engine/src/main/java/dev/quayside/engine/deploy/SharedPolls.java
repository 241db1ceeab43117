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
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The DescribeServices and DescribeTasks calls of one watcher's watches (one client: one region and
 * identity), shared per cluster in rounds. A round polls the watches due within the next {@link #WINDOW},
 * up to {@link #MAX_SERVICES} services a DescribeServices call, and fills the room left in its last call
 * with the watches due next, for free. The stopped tasks the round's watches want are described together
 * ({@link #MAX_TASKS} a call; ListTasks stays one per deployment, as it filters by deployment).
 *
 * <p>While two or more watches share a cluster, its rounds spend from one budget: {@link #CALLS_PER_SERVICE}
 * DescribeServices calls a minute per watched service (20 per 10), never under {@link #MIN_CALLS} a
 * minute, saved up to {@link #BURST} worth while few polls are wanted. A watch alone is polled exactly when
 * it is due (its {@link PollPolicy} keeps it within 20 a minute). Each watch keeps its own state, verdict
 * rules, rhythm and deadline: only the calls are shared.
 */
public final class SharedPolls {
    /** DescribeServices describes at most this many services a call. */
    static final int MAX_SERVICES = 10;
    /** DescribeTasks describes at most this many tasks a call. */
    static final int MAX_TASKS = 100;
    /** How much earlier than due a watch may be polled, with a call made anyway for another watch. */
    static final Duration WINDOW = Duration.ofMillis(1500);
    /** A round due now waits this long for the watches that start with it (several --service), so that the first call is shared too. */
    static final Duration GATHER = Duration.ofMillis(100);
    /** DescribeServices calls a minute per watched service while watches share a cluster: 20 a minute per 10 services. */
    static final double CALLS_PER_SERVICE = 2;
    /** The shared budget never goes under this many calls a minute: the cluster's last few watches are polled as often as one alone. */
    static final double MIN_CALLS = 20;
    /** Calls not spent are saved up to this much time's worth, for the fast polls when verdicts are near. */
    static final Duration BURST = Duration.ofSeconds(15);

    private final EcsClient ecs;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<String, Cluster> clusters = new HashMap<>();

    /** A watch whose service these polls describe: a {@link WatchLoop} here, a Jenkins watch on the controller. */
    public interface Member {
        String cluster();

        String service();

        /** What the watch has seen, to tell which stopped tasks its poll will want; null before its first poll. */
        WatchState state();

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

    /** {@code member} is done or cancelled: it is not polled again, and no longer counts in its cluster's budget. */
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

    /** One watch's answer from a round: its service (or the call's error), whether it pays, its stopped tasks if looked up. */
    private record Answer(Service service, SdkException error, boolean charged, List<Task> tasks, SdkException tasksError)
            implements DeploymentPoller.Described {
        @Override
        public Optional<Service> get() {
            if (error != null) {
                throw error;
            }
            return Optional.ofNullable(service);
        }

        @Override
        public Optional<List<Task>> stoppedTasks() {
            if (tasksError != null) {
                throw tasksError;
            }
            return Optional.ofNullable(tasks);
        }
    }

    /** The watches of one cluster, its budget, and the one timer that runs the next round. */
    private final class Cluster {
        private final String name;
        private final Map<Member, Long> dueAt = new LinkedHashMap<>();
        /** Every watch of the cluster until it leaves, polled or waiting: what the budget is sized by. */
        private final Set<Member> watching = new LinkedHashSet<>();
        private double calls;
        private long callsAt = Long.MIN_VALUE;
        private Scheduler.Cancellable timer;
        private long timerAt = Long.MAX_VALUE;
        private boolean polling;

        Cluster(String name) {
            this.name = name;
        }

        synchronized void due(Member member, long at) {
            watching.add(member);
            dueAt.put(member, at);
            reschedule();
        }

        synchronized void remove(Member member) {
            dueAt.remove(member);
            watching.remove(member);
        }

        synchronized boolean idle() {
            return dueAt.isEmpty() && !polling;
        }

        private boolean budgeted() {
            return watching.size() >= 2;
        }

        private double perMilli() {
            return Math.max(MIN_CALLS, CALLS_PER_SERVICE * watching.size()) / 60_000.0;
        }

        /** The calls the budget holds at {@code now}: one at the start (nothing saved yet), filling at its rate up to {@link #BURST} worth. */
        private double available(long now) {
            double capacity = Math.max(1, perMilli() * BURST.toMillis());
            calls = callsAt == Long.MIN_VALUE ? 1 : Math.min(capacity, calls + (now - callsAt) * perMilli());
            callsAt = now;
            return calls;
        }

        /** The timer at the earliest due time (later if the budget has no call yet); none while a round runs (it reschedules when it ends). */
        private void reschedule() {
            if (polling || dueAt.isEmpty()) {
                return;
            }
            long now = clock.millis();
            long at = dueAt.values().stream().mapToLong(Long::longValue).min().getAsLong();
            if (budgeted()) {
                double held = available(now);
                if (held < 1) {
                    at = Math.max(at, now + (long) Math.ceil((1 - held) / perMilli()));
                }
            }
            if (timer != null && timerAt <= at) {
                return;
            }
            if (timer != null) {
                timer.cancel();
            }
            timerAt = at;
            timer = scheduler.schedule(this::round, Duration.ofMillis(Math.max(GATHER.toMillis(), at - now)));
        }

        private void round() {
            List<List<Member>> calls;
            Set<Member> free = new LinkedHashSet<>();
            synchronized (this) {
                timer = null;
                timerAt = Long.MAX_VALUE;
                calls = plan(clock.millis(), free);
                if (calls.isEmpty()) {
                    reschedule();
                    return;
                }
                calls.forEach(call -> call.forEach(dueAt::remove));
                polling = true;
            }
            try {
                Map<Member, Answer> answers = new LinkedHashMap<>();
                for (List<Member> call : calls) {
                    describe(call, free, answers);
                }
                withStoppedTasks(answers);
                answers.forEach(Member::poll);
            } finally {
                synchronized (this) {
                    polling = false;
                    reschedule();
                }
            }
        }

        /**
         * This round's calls, each a list of watches naming up to 10 services: the watches due within the window,
         * most overdue first, as many calls as they need and the budget holds; the room left is given to the watches
         * due next ({@code free}: they do not pay). Calls are filled evenly. Empty: no call now.
         */
        private List<List<Member>> plan(long now, Set<Member> free) {
            List<Member> byDue = dueAt.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
            List<Member> due = byDue.stream().filter(m -> dueAt.get(m) <= now + WINDOW.toMillis()).toList();
            if (due.isEmpty()) {
                return List.of();
            }
            int wanted = ceilDiv(services(due).size(), MAX_SERVICES);
            int affordable = budgeted() ? (int) Math.floor(available(now)) : wanted;
            int count = Math.min(wanted, affordable);
            if (count == 0) {
                return List.of();
            }
            if (budgeted()) {
                this.calls -= count;
            }
            List<Member> chosen = new ArrayList<>();
            Set<String> services = new LinkedHashSet<>();
            for (Member m : byDue) {
                boolean isDue = dueAt.get(m) <= now + WINDOW.toMillis();
                if (services.size() < count * MAX_SERVICES || services.contains(m.service())) {
                    services.add(m.service());
                    chosen.add(m);
                    if (!isDue) {
                        free.add(m);
                    }
                } else if (!isDue) {
                    break;
                }
            }
            int perCall = ceilDiv(services.size(), count);
            List<List<Member>> plan = new ArrayList<>();
            Map<String, List<Member>> byService = new LinkedHashMap<>();
            chosen.forEach(m -> byService.computeIfAbsent(m.service(), s -> new ArrayList<>()).add(m));
            List<Member> call = new ArrayList<>();
            int named = 0;
            for (List<Member> watchers : byService.values()) {
                if (named == perCall) {
                    plan.add(call);
                    call = new ArrayList<>();
                    named = 0;
                }
                call.addAll(watchers);
                named++;
            }
            plan.add(call);
            return plan;
        }

        /** One DescribeServices call for the services of {@code call}; each watch's answer (its service, none when missing, or the call's error). */
        private void describe(List<Member> call, Set<Member> free, Map<Member, Answer> answers) {
            Map<String, Service> byName = new HashMap<>();
            SdkException failed = null;
            try {
                DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(name).services(services(call)));
                for (Service s : r.services()) {
                    byName.put(s.serviceName(), s);
                    byName.put(s.serviceArn(), s);
                }
            } catch (SdkException e) {
                failed = e;
            }
            for (Member m : call) {
                answers.put(m, new Answer(byName.get(m.service()), failed, !free.contains(m), null, null));
            }
        }

        /**
         * The stopped tasks each watch's poll will look for (see {@link DeploymentPoller#wantsStoppedTasks}): ListTasks for
         * each such deployment, then DescribeTasks for all of the round's new ones together. An error goes to the watches it concerns.
         */
        private void withStoppedTasks(Map<Member, Answer> answers) {
            Map<Member, List<String>> arns = new LinkedHashMap<>();
            Map<Member, SdkException> errors = new HashMap<>();
            answers.forEach((m, a) -> {
                WatchState s = m.state();
                if (a.error() != null || s == null || !DeploymentPoller.wantsStoppedTasks(s, Optional.ofNullable(a.service()))) {
                    return;
                }
                try {
                    List<String> listed = new ArrayList<>(ecs.listTasks(b -> b.cluster(name).startedBy(s.deploymentId()).desiredStatus(DesiredStatus.STOPPED))
                            .taskArns());
                    listed.removeAll(s.seenStoppedTasks());
                    arns.put(m, listed.subList(0, Math.min(MAX_TASKS, listed.size())));
                } catch (SdkException e) {
                    errors.put(m, e);
                }
            });
            List<String> all = arns.values().stream().flatMap(List::stream).distinct().toList();
            Map<String, Task> described = new HashMap<>();
            SdkException failed = null;
            for (int from = 0; from < all.size() && failed == null; from += MAX_TASKS) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_TASKS));
                try {
                    ecs.describeTasks(b -> b.cluster(name).tasks(chunk)).tasks().forEach(t -> described.put(t.taskArn(), t));
                } catch (SdkException e) {
                    failed = e;
                }
            }
            SdkException describeError = failed;
            arns.forEach((m, listed) -> answers.compute(m, (k, a) -> new Answer(a.service(), null, a.charged(),
                    describeError != null ? null : listed.stream().map(described::get).filter(t -> t != null).toList(), describeError)));
            errors.forEach((m, e) -> answers.compute(m, (k, a) -> new Answer(a.service(), null, a.charged(), null, e)));
        }
    }

    private static Set<String> services(List<Member> members) {
        Set<String> services = new LinkedHashSet<>();
        members.forEach(m -> services.add(m.service()));
        return services;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
