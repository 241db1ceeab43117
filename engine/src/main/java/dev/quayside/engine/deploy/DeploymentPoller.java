package dev.quayside.engine.deploy;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.logs.TaskLogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * One poll of a watch, stateless between calls: everything it needs to continue is in the
 * {@link WatchState} it returns. The CLI's scheduler and Jenkins' step execution both drive watches
 * by calling it, the latter on the agent.
 */
public final class DeploymentPoller {
    private static final int MAX_CONSECUTIVE_ERRORS = 8;

    private final EcsClient ecs;
    private final Clock clock;
    private final DeploymentObserver observer;
    private final TaskLogs taskLogs;

    public DeploymentPoller(EcsClient ecs, Clock clock, String region) {
        this(ecs, clock, region, null);
    }

    /** With {@code taskLogs} (may be null), a failure shows the last log lines of our stopped tasks. */
    public DeploymentPoller(EcsClient ecs, Clock clock, String region, TaskLogs taskLogs) {
        this.ecs = ecs;
        this.clock = clock;
        this.observer = new DeploymentObserver(region);
        this.taskLogs = taskLogs;
    }

    /** How long {@code state}'s watch has left of {@code timeout} (zero or less once it passed). */
    Duration remaining(WatchState state, Duration timeout) {
        return timeout.minusMillis(clock.millis() - state.startedAtMillis());
    }

    /** The outcome at the deadline when the last poll has not come back: TIMED_OUT, with what was seen before. */
    PollOutcome deadlinePassed(WatchState state, Duration timeout) {
        return deadlinePassed(state, timeout, Duration.ofMillis(clock.millis() - state.startedAtMillis()), observer.region());
    }

    /**
     * The same for a watch whose polls run elsewhere (a Jenkins agent): the one who keeps the deadline
     * gives the verdict, with the last state it has, and {@code region} for the console link.
     */
    public static PollOutcome deadlinePassed(WatchState state, Duration timeout, Duration elapsed, String region) {
        DeploymentResult result = new DeploymentObserver(region).timedOutWithoutAnswer(state, timeout, elapsed);
        return new PollOutcome(state, List.of(verdictLine(result)), result);
    }

    private static Event verdictLine(DeploymentResult result) {
        return Event.of(result.succeeded() ? Event.Level.INFO : Event.Level.WARNING, "deploy.verdict", result.verdict() + ": " + result.reason(),
                Map.of("verdict", result.verdict().name(), "deploymentId", String.valueOf(result.deploymentId())));
    }

    /** Asks ECS once. Throttling and transient errors give an outcome that says to wait longer; others throw. */
    public PollOutcome poll(WatchState state, Duration timeout, PollPolicy policy) {
        return poll(state, timeout, policy, () -> ecs.describeServices(b -> b.cluster(state.cluster()).services(state.service())).services().stream()
                .findFirst());
    }

    /** The service as one DescribeServices call described it (for this watch alone, or in a batch of up to 10); may throw the call's error. */
    @FunctionalInterface
    public interface Described {
        Optional<Service> get();

        /** Whether the watch pays for this poll from its budget; false when it was added for free to a call made for others. */
        default boolean charged() {
            return true;
        }

        /**
         * Our deployment's tasks ECS lists as stopped and the watch has not reported (unordered), when a call shared with other
         * watches looked them up for this poll; empty: the poll looks them up itself. May throw that lookup's error.
         */
        default Optional<List<Task>> stoppedTasks() {
            return Optional.empty();
        }
    }

    /**
     * Whether a poll that sees {@code service} looks up the deployment's stopped tasks: ECS counts a failed task before
     * the task is STOPPED, so it looks again until each failed task has been seen stopped.
     */
    static boolean wantsStoppedTasks(WatchState state, Optional<Service> service) {
        int failed = failedTasks(service, state);
        return state.deploymentId() != null && (failed != state.lastFailedTasks() || failed > state.seenStoppedTasks().size());
    }

    /** The same, with the service described by {@code described} (a call shared with other watches, see {@link SharedPolls}). */
    public PollOutcome poll(WatchState state, Duration timeout, PollPolicy policy, Described described) {
        Duration previous = state.polls() == 0 && state.nextDelayMillis() == 0 ? policy.first() : Duration.ofMillis(state.nextDelayMillis());
        try {
            Optional<Service> service = described.get();
            int failed = failedTasks(service, state);
            List<Task> stopped = !wantsStoppedTasks(state, service) ? List.of()
                    : described.stoppedTasks().map(DeploymentPoller::stoppedOldestFirst).orElseGet(() -> stoppedTasks(state));
            Instant now = clock.instant();
            DeploymentObserver.Observation o = observer.observe(state, service, stopped, Optional.empty(), now);
            if (o.result != null && !o.result.succeeded() && stopped.isEmpty()) {
                // A failure may come with tasks stopped since the last count we saw (or ours already gone from the list).
                stopped = stoppedTasks(state);
                o = observer.observe(state, service, stopped, Optional.empty(), now);
            }
            boolean api = state.serviceDeploymentsApi();
            List<Event> lines = new ArrayList<>();
            if (o.result != null && !o.result.succeeded() && api) {
                try {
                    Optional<ServiceDeploymentInfo> info = serviceDeployment(service, state);
                    if (info.isPresent()) {
                        o = observer.observe(state, service, stopped, info, now);
                    }
                } catch (SdkException e) {
                    api = false;
                    lines.add(Event.of(Event.Level.DEBUG, "deploy.api", "the service deployments API is not available here ("
                            + e.getMessage() + "); going on without it", Map.of()));
                }
            }
            lines.addAll(0, o.lines);
            if (o.result == null || o.result.succeeded()) {
                lines.addAll(tailsOf(stopped, o.state));
            }
            Duration elapsed = Duration.ofMillis(now.toEpochMilli() - state.startedAtMillis());
            DeploymentResult result = o.result;
            if (result == null && elapsed.compareTo(timeout) >= 0) {
                result = observer.timedOut(o.state, service, timeout, elapsed);
            }
            long saved = policy.saved(state.savedMillis(), now.toEpochMilli() - state.lastPollAtMillis(), described.charged());
            Duration next = capped(policy.next(o.outlook, saved), timeout.minus(elapsed));
            WatchState s = o.state.withRhythm(now.toEpochMilli(), saved, next.toMillis(), failed, 0, api);
            if (result != null) {
                lines.add(verdictLine(result));
                result = result.withState(s);
                if (!result.succeeded() && !s.stoppedReasons().isEmpty()) {
                    result = withTaskLogs(result, s, lines);
                }
            }
            return new PollOutcome(s, lines, result);
        } catch (AwsServiceException e) {
            if (!(e.isThrottlingException() || e.statusCode() == 429 || e.statusCode() >= 500)) {
                throw AwsErrors.translate("watch service " + state.service() + " in cluster " + state.cluster(), e);
            }
            return retryLater(state, policy, previous, e, e.awsErrorDetails() == null ? "throttled" : e.awsErrorDetails().errorCode());
        } catch (SdkException e) {
            return retryLater(state, policy, previous, e, String.valueOf(e.getMessage()));
        }
    }

    private PollOutcome retryLater(WatchState state, PollPolicy policy, Duration previous, SdkException e, String what) {
        int errors = state.consecutiveErrors() + 1;
        if (errors >= MAX_CONSECUTIVE_ERRORS) {
            throw AwsErrors.translate("watch service " + state.service() + " (" + errors + " failed polls in a row)", e);
        }
        Duration next = policy.throttled(previous, ThreadLocalRandom.current()::nextDouble);
        // A throttled or failed call is a call: it counts against the budget too.
        long now = clock.millis();
        WatchState s = state.withRhythm(now, policy.saved(state.savedMillis(), now - state.lastPollAtMillis(), true), next.toMillis(),
                state.lastFailedTasks(), errors, state.serviceDeploymentsApi());
        return new PollOutcome(s, List.of(Event.of(Event.Level.WARNING, "deploy.throttled",
                "AWS is throttling or failing (" + what + "); next poll in " + next.toMillis() / 1000.0 + " s", Map.of())), null);
    }

    private static Duration capped(Duration next, Duration left) {
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return next.compareTo(left) > 0 ? left : next;
    }

    private static int failedTasks(Optional<Service> service, WatchState state) {
        return service.flatMap(s -> s.deployments().stream().filter(d -> d.id().equals(state.deploymentId())).findFirst())
                .map(d -> d.failedTasks() == null ? 0 : d.failedTasks()).orElse(state.lastFailedTasks());
    }

    /** The result with the tails of our stopped tasks' logs (the newest tasks first); what could not be read becomes a line. */
    private DeploymentResult withTaskLogs(DeploymentResult result, WatchState s, List<Event> lines) {
        if (taskLogs == null || s.logLines() == 0 || s.deploymentId() == null) {
            return result;
        }
        try {
            List<Task> tasks = stoppedTasksExcept(s, List.of());
            if (tasks.isEmpty()) {
                return result;
            }
            tasks.sort(Comparator.comparing(Task::stoppedAt, Comparator.nullsLast(Comparator.reverseOrder())));
            TaskLogs.Result read = taskLogs.read(tasks, s.logLines());
            read.notes().forEach(n -> lines.add(Event.of(Event.Level.INFO, "deploy.tasklogs", "Task logs: " + n, Map.of())));
            return result.withTaskLogs(read.tails());
        } catch (SdkException e) {
            lines.add(Event.of(Event.Level.INFO, "deploy.tasklogs", "Task logs: cannot list the stopped tasks (" + e.getMessage() + ")", Map.of()));
            return result;
        }
    }

    /**
     * The last log lines of tasks of ours that stopped while the rollout goes on (a crash, a failed health
     * check), under their "stopped task" lines; tasks stopped by scaling or by a user are left out.
     */
    private List<Event> tailsOf(List<Task> stopped, WatchState s) {
        List<Task> unexpected = stopped.stream().filter(t -> !"UserInitiated".equals(t.stopCodeAsString())
                && (t.stoppedReason() == null || !t.stoppedReason().startsWith("Scaling activity"))).toList();
        if (taskLogs == null || s.logLines() == 0 || unexpected.isEmpty()) {
            return List.of();
        }
        List<Event> lines = new ArrayList<>();
        TaskLogs.Result read = taskLogs.read(unexpected, s.logLines());
        // Indented under the stopped-task lines.
        read.tails().forEach(t -> t.printed().forEach(line -> lines.add(Event.of(Event.Level.INFO, "deploy.tasklog", "  " + line, Map.of()))));
        read.notes().forEach(note -> lines.add(Event.of(Event.Level.INFO, "deploy.tasklog", "  Task logs: " + note, Map.of())));
        return lines;
    }

    /** Stopped tasks of our deployment not reported yet, oldest first. */
    private List<Task> stoppedTasks(WatchState state) {
        if (state.deploymentId() == null) {
            return List.of();
        }
        return stoppedOldestFirst(stoppedTasksExcept(state, state.seenStoppedTasks()));
    }

    /** Of {@code listed}, those STOPPED already (ECS lists a task as stopped while it is still stopping), oldest first. */
    private static List<Task> stoppedOldestFirst(List<Task> listed) {
        List<Task> tasks = new ArrayList<>(listed);
        tasks.removeIf(t -> !"STOPPED".equals(t.lastStatus()));
        tasks.sort(Comparator.comparing(Task::stoppedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return tasks;
    }

    /** Our deployment's tasks ECS lists as stopped (the first 100), but for those in {@code skip}; unordered. */
    private List<Task> stoppedTasksExcept(WatchState state, Collection<String> skip) {
        List<String> arns = new ArrayList<>(ecs.listTasks(b -> b.cluster(state.cluster()).startedBy(state.deploymentId())
                .desiredStatus(DesiredStatus.STOPPED)).taskArns());
        arns.removeAll(skip);
        if (arns.isEmpty()) {
            return new ArrayList<>();
        }
        return new ArrayList<>(ecs.describeTasks(b -> b.cluster(state.cluster()).tasks(arns.subList(0, Math.min(100, arns.size())))).tasks());
    }

    /**
     * The service deployments API's view of our deployment, matched by start time. Regions or
     * identities without the API answer an error: the caller then goes on without it.
     */
    private Optional<ServiceDeploymentInfo> serviceDeployment(Optional<Service> service, WatchState state) {
        Optional<Instant> ours = service.flatMap(s -> s.deployments().stream().filter(d -> d.id().equals(state.deploymentId())).findFirst())
                .map(d -> d.createdAt());
        List<ServiceDeploymentBrief> briefs = ecs.listServiceDeployments(b -> b.cluster(state.cluster()).service(state.service())).serviceDeployments();
        Optional<ServiceDeploymentBrief> match = briefs.stream()
                .filter(b -> ours.isEmpty() || b.createdAt() == null || Math.abs(Duration.between(b.createdAt(), ours.get()).toMillis()) <= 5000)
                .findFirst();
        if (match.isEmpty()) {
            return Optional.empty();
        }
        List<ServiceDeployment> details = ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(match.get().serviceDeploymentArn())).serviceDeployments();
        return details.stream().findFirst().map(d -> new ServiceDeploymentInfo(d.statusAsString(), d.statusReason(),
                d.deploymentCircuitBreaker() == null ? null : d.deploymentCircuitBreaker().failureCount(),
                d.deploymentCircuitBreaker() == null ? null : d.deploymentCircuitBreaker().threshold(),
                d.alarms() == null ? List.of() : d.alarms().triggeredAlarmNames()));
    }
}
