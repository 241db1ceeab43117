package dev.quayside.engine.deploy;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * One watch, driven by the shared scheduler: each poll asks ECS, hands the answers to the observer,
 * reports what is new, and schedules the next poll (or completes). Polls of one watch never overlap,
 * and between polls the watch holds no thread.
 */
final class WatchLoop {
    private static final int MAX_CONSECUTIVE_ERRORS = 8;

    private final EcsClient ecs;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ProgressListener listener;
    private final DeploymentObserver observer;
    private final Duration timeout;
    private final PollPolicy policy;
    private final Consumer<WatchState> checkpoint;
    private final CompletableFuture<DeploymentResult> future = new CompletableFuture<>();
    private volatile WatchState state;
    private volatile Scheduler.Cancellable next;
    private volatile boolean cancelled;
    private volatile Service lastService;
    private Duration interval;
    private int consecutiveErrors;
    private int lastFailedTasks = -1;
    private boolean serviceDeploymentsApi = true;

    WatchLoop(EcsClient ecs, Scheduler scheduler, Clock clock, ProgressListener listener, DeploymentObserver observer,
              WatchState state, Duration timeout, PollPolicy policy, Consumer<WatchState> checkpoint) {
        this.ecs = ecs;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
        this.observer = observer;
        this.state = state;
        this.timeout = timeout;
        this.policy = policy;
        this.checkpoint = checkpoint;
        this.interval = policy.first();
    }

    CompletableFuture<DeploymentResult> future() {
        return future;
    }

    WatchState state() {
        return state;
    }

    void start() {
        next = scheduler.schedule(this::poll, Duration.ZERO);
    }

    void cancel() {
        cancelled = true;
        Scheduler.Cancellable n = next;
        if (n != null) {
            n.cancel();
        }
        future.completeExceptionally(QuaysideException.of(Failure.INTERRUPTED, "watch deployment " + state.deploymentId() + " of " + state.service(),
                "the watch was stopped", "ECS goes on with the deployment. Last seen: " + lastSeen()));
    }

    String lastSeen() {
        return state.lastSummary() == null ? "nothing yet" : state.lastSummary();
    }

    private void poll() {
        if (cancelled || future.isDone()) {
            return;
        }
        try {
            Optional<Service> service = describe();
            lastService = service.orElse(null);
            List<Task> stopped = stoppedTasks(service);
            Instant now = clock.instant();
            DeploymentObserver.Observation o = observer.observe(state, service, stopped, Optional.empty(), now);
            if (o.result != null && o.result.verdict() != DeploymentResult.Verdict.SUCCEEDED && serviceDeploymentsApi) {
                Optional<ServiceDeploymentInfo> info = serviceDeployment(service);
                if (info.isPresent()) {
                    o = observer.observe(state, service, stopped, info, now);
                }
            }
            consecutiveErrors = 0;
            state = o.state;
            o.lines.forEach(listener::onEvent);
            checkpoint.accept(state);
            if (o.result != null) {
                finish(o.result);
                return;
            }
            Duration elapsed = Duration.ofMillis(now.toEpochMilli() - state.startedAtMillis());
            if (elapsed.compareTo(timeout) >= 0) {
                finish(observer.timedOut(state, service, timeout, elapsed));
                return;
            }
            interval = policy.next(interval, o.changed);
            reschedule(elapsed);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() == 429 || e.statusCode() >= 500) {
                interval = policy.throttled(interval, ThreadLocalRandom.current()::nextDouble);
                listener.onEvent(Event.of(Event.Level.WARNING, "deploy.throttled", "AWS is throttling (" + e.awsErrorDetails().errorCode()
                        + "); next poll in " + interval.toMillis() / 1000.0 + " s", Map.of()));
                retryLater(e);
            } else {
                future.completeExceptionally(AwsErrors.translate("watch service " + state.service() + " in cluster " + state.cluster(), e));
            }
        } catch (SdkException e) {
            interval = policy.throttled(interval, ThreadLocalRandom.current()::nextDouble);
            retryLater(e);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    private void retryLater(SdkException e) {
        if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            future.completeExceptionally(AwsErrors.translate("watch service " + state.service() + " (" + consecutiveErrors + " failed polls in a row)", e));
            return;
        }
        reschedule(Duration.ofMillis(clock.millis() - state.startedAtMillis()));
    }

    /** The next poll, but never later than the timeout. */
    private void reschedule(Duration elapsed) {
        Duration left = timeout.minus(elapsed);
        Duration wait = interval.compareTo(left) > 0 ? (left.isNegative() ? Duration.ZERO : left) : interval;
        if (!cancelled) {
            next = scheduler.schedule(this::poll, wait);
        }
    }

    private void finish(DeploymentResult result) {
        listener.onEvent(Event.of(result.succeeded() ? Event.Level.INFO : Event.Level.WARNING, "deploy.verdict",
                result.verdict() + ": " + result.reason(), Map.of("verdict", result.verdict().name(), "deploymentId", String.valueOf(result.deploymentId()))));
        future.complete(result);
    }

    private Optional<Service> describe() {
        DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(state.cluster()).services(state.service()));
        return r.services().stream().findFirst();
    }

    /** Stopped tasks of our deployment, fetched only when its failed count moved (or at the start). */
    private List<Task> stoppedTasks(Optional<Service> service) {
        if (service.isEmpty() || state.deploymentId() == null) {
            return List.of();
        }
        int failed = service.get().deployments().stream().filter(d -> d.id().equals(state.deploymentId()))
                .mapToInt(d -> d.failedTasks() == null ? 0 : d.failedTasks()).findFirst().orElse(lastFailedTasks);
        if (failed == lastFailedTasks) {
            return List.of();
        }
        lastFailedTasks = failed;
        List<String> arns = new ArrayList<>(ecs.listTasks(b -> b.cluster(state.cluster()).startedBy(state.deploymentId())
                .desiredStatus(DesiredStatus.STOPPED)).taskArns());
        arns.removeAll(state.seenStoppedTasks());
        if (arns.isEmpty()) {
            return List.of();
        }
        List<Task> tasks = new ArrayList<>(ecs.describeTasks(b -> b.cluster(state.cluster()).tasks(arns.subList(0, Math.min(100, arns.size())))).tasks());
        tasks.removeIf(t -> !"STOPPED".equals(t.lastStatus()));
        tasks.sort(Comparator.comparing(Task::stoppedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return tasks;
    }

    /**
     * The service deployments API's view of our deployment, matched by start time. Regions or
     * identities without the API make it answer an error: then we go on without it.
     */
    private Optional<ServiceDeploymentInfo> serviceDeployment(Optional<Service> service) {
        Optional<Instant> ours = service.flatMap(s -> s.deployments().stream().filter(d -> d.id().equals(state.deploymentId())).findFirst())
                .map(d -> d.createdAt());
        try {
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
        } catch (SdkException e) {
            serviceDeploymentsApi = false;
            listener.onEvent(Event.of(Event.Level.DEBUG, "deploy.api", "the service deployments API is not available here (" + e.getMessage() + "); going on without it", Map.of()));
            return Optional.empty();
        }
    }
}
