package dev.quayside.engine.deploy;

import dev.quayside.engine.events.Event;
import dev.quayside.engine.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The verdict logic, as a pure function of what ECS answered: given the watch's state and one poll's
 * observations, it tells what is new to report (service events once each, the deployment summary
 * when it changes, stopped tasks) and whether the deployment has ended, and how.
 */
final class DeploymentObserver {
    private static final int LAST_EVENTS = 10;

    /** One poll's outcome. */
    static final class Observation {
        final WatchState state;
        final List<Event> lines;
        final PollPolicy.Outlook outlook;
        final DeploymentResult result;

        Observation(WatchState state, List<Event> lines, PollPolicy.Outlook outlook, DeploymentResult result) {
            this.state = state;
            this.lines = List.copyOf(lines);
            this.outlook = outlook;
            this.result = result;
        }
    }

    private final String region;

    DeploymentObserver(String region) {
        this.region = region;
    }

    Observation observe(WatchState state, Optional<Service> described, List<Task> stoppedTasks, Optional<ServiceDeploymentInfo> info, Instant now) {
        List<Event> lines = new ArrayList<>();
        Duration elapsed = Duration.ofMillis(Math.max(0, now.toEpochMilli() - state.startedAtMillis()));
        if (described.isEmpty()) {
            WatchState s = state.seen(List.of(), Map.of(), state.lastSummary());
            return new Observation(s, lines, PollPolicy.Outlook.ONGOING, result(DeploymentResult.Verdict.FAILED,
                    "the service " + state.service() + " was not found in cluster " + state.cluster() + " (deleted?)", s, null, List.of(), elapsed));
        }
        Service service = described.get();
        WatchState s = state;
        if (s.deploymentId() == null) {
            Deployment primary = primary(service).orElse(null);
            if (primary == null) {
                s = s.seen(List.of(), Map.of(), s.lastSummary());
                return new Observation(s, lines, PollPolicy.Outlook.ONGOING, result(DeploymentResult.Verdict.FAILED,
                        "the service " + state.service() + " has no deployment", s, null, recent(service), elapsed));
            }
            s = s.withDeployment(primary.id(), shortName(primary.taskDefinition()));
        }
        Deployment ours = find(service, s.deploymentId()).orElse(null);
        if (ours != null && s.taskDefinition() == null) {
            s = s.withDeployment(s.deploymentId(), shortName(ours.taskDefinition()));
        }

        if (ours != null && ours.createdAt() != null && s.eventsSinceMillis() != ours.createdAt().minusSeconds(1).toEpochMilli()) {
            s = s.withEventsSince(ours.createdAt().minusSeconds(1).toEpochMilli());
        }
        Instant cutoff = Instant.ofEpochMilli(s.eventsSinceMillis());
        List<String> newEventIds = new ArrayList<>();
        List<ServiceEvent> events = new ArrayList<>(service.events());
        events.sort(Comparator.comparing(ServiceEvent::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (ServiceEvent e : events) {
            if (!s.seenEventIds().contains(e.id()) && (e.createdAt() == null || !e.createdAt().isBefore(cutoff))) {
                newEventIds.add(e.id());
                lines.add(Event.of(Event.Level.INFO, "deploy.event", e.message(), Map.of("eventId", e.id(), "createdAt", String.valueOf(e.createdAt()))));
            }
        }
        Map<String, String> newStopped = new LinkedHashMap<>();
        for (Task t : stoppedTasks) {
            if (!s.seenStoppedTasks().contains(t.taskArn())) {
                String reason = stopReason(t);
                newStopped.put(t.taskArn(), reason);
                lines.add(Event.of(Event.Level.WARNING, "deploy.stopped", "stopped task " + taskId(t.taskArn()) + ": " + reason,
                        Map.of("taskArn", t.taskArn(), "reason", reason)));
            }
        }
        String summary = summary(service);
        boolean summaryChanged = !summary.equals(s.lastSummary());
        if (summaryChanged) {
            lines.add(Event.of(Event.Level.INFO, "deploy.summary", summary, Map.of()));
        }
        s = s.seen(newEventIds, newStopped, summary);
        return new Observation(s, lines, outlook(service, ours, s), verdict(s, service, ours, info, elapsed).orElse(null));
    }

    /**
     * When the verdict can come, from the counts ECS gives. Due: only our deployment's tasks are left, and
     * ECS completes it in its next scheduler pass. Near: one more failed task trips the circuit breaker,
     * and we have tasks that can fail now. Quiet: success is two transitions away or more (our tasks still
     * to start, or the old ones not yet being stopped: ECS lowers an old deployment's desired count as it
     * stops its tasks) and no failure of the tasks we have can trip the breaker. Ongoing: the rest (the
     * old tasks draining, say). Tasks still starting can fail now only if ours have failed to start
     * before (stop code TaskFailedToStart) or none has stopped yet; once they failed only after starting
     * (health checks, a crash), the starting ones must run first.
     */
    static PollPolicy.Outlook outlook(Service service, Deployment ours, WatchState state) {
        if (ours == null) {
            return PollPolicy.Outlook.ONGOING;
        }
        int desired = count(ours.desiredCount());
        int running = count(ours.runningCount());
        int pending = count(ours.pendingCount());
        int failed = count(ours.failedTasks());
        List<Deployment> others = service.deployments().stream().filter(d -> !d.id().equals(ours.id())).toList();
        boolean started = running >= desired && pending == 0;
        if (started && others.stream().allMatch(d -> count(d.runningCount()) == 0 && count(d.pendingCount()) == 0)) {
            return PollPolicy.Outlook.DUE;
        }
        boolean breaker = service.deploymentConfiguration() != null && service.deploymentConfiguration().deploymentCircuitBreaker() != null
                && Boolean.TRUE.equals(service.deploymentConfiguration().deploymentCircuitBreaker().enable());
        boolean failToStart = state.stoppedReasons().isEmpty() || state.stoppedReasons().keySet().stream().anyMatch(r -> r.startsWith("TaskFailedToStart"));
        int canFail = running + (failToStart ? pending : 0);
        int threshold = breakerThreshold(desired);
        if (breaker && failed >= threshold - 1 && canFail > 0) {
            return PollPolicy.Outlook.NEAR;
        }
        boolean oldStopping = others.stream().allMatch(d -> count(d.desiredCount()) == 0);
        if ((!started || !oldStopping) && (!breaker || failed + canFail < threshold)) {
            return PollPolicy.Outlook.QUIET;
        }
        return PollPolicy.Outlook.ONGOING;
    }

    /** The failed tasks that trip ECS's circuit breaker: half the desired count, at least 3 and at most 200 (as ECS documents it). */
    static int breakerThreshold(int desiredCount) {
        return Math.min(200, Math.max(3, (desiredCount + 1) / 2));
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    private Optional<DeploymentResult> verdict(WatchState s, Service service, Deployment ours, Optional<ServiceDeploymentInfo> info, Duration elapsed) {
        String status = service.status();
        if ("DRAINING".equals(status) || "INACTIVE".equals(status)) {
            return Optional.of(result(DeploymentResult.Verdict.FAILED, "the service is " + status + " (it is being or was deleted)", s, null, recent(service), elapsed));
        }
        Deployment primary = primary(service).orElse(null);
        String extra = info.map(i -> "; " + i.describe()).orElse("");
        if (ours != null && "FAILED".equals(ours.rolloutStateAsString())) {
            String rolledBack = primary != null && !primary.id().equals(ours.id()) ? primary.id() + " (" + shortName(primary.taskDefinition()) + ")" : null;
            String reason = "deployment " + ours.id() + " failed: " + Optional.ofNullable(ours.rolloutStateReason()).orElse("rollout FAILED")
                    + (rolledBack != null ? " ECS rolled back to " + rolledBack + "." : " It was not rolled back; the service still runs it.") + extra;
            return Optional.of(result(DeploymentResult.Verdict.FAILED, reason, s, rolledBack, recent(service), elapsed));
        }
        if (ours == null || primary == null || !primary.id().equals(ours.id())) {
            String newer = primary == null ? "none" : primary.id() + " (" + shortName(primary.taskDefinition()) + ")";
            boolean rollback = info.map(ServiceDeploymentInfo::rolledBack).orElse(false) || mentionsRollback(service, s);
            String reason = rollback
                    ? "deployment " + s.deploymentId() + " was rolled back to " + newer + extra
                    : "deployment " + s.deploymentId() + " is no longer the service's primary deployment: a newer deployment " + newer
                    + " replaced it (someone else updated the service)" + extra;
            return Optional.of(result(DeploymentResult.Verdict.FAILED, reason, s, rollback ? newer : null, recent(service), elapsed));
        }
        if (info.isPresent() && info.get().failedForGood()) {
            return Optional.of(result(DeploymentResult.Verdict.FAILED, "deployment " + ours.id() + " ended: " + info.get().describe(), s, null, recent(service), elapsed));
        }
        boolean complete = ours.rolloutState() != null
                ? "COMPLETED".equals(ours.rolloutStateAsString())
                : service.deployments().size() == 1 && ours.runningCount() != null && ours.runningCount().equals(ours.desiredCount())
                && (ours.pendingCount() == null || ours.pendingCount() == 0);
        if (complete) {
            return Optional.of(result(DeploymentResult.Verdict.SUCCEEDED, "deployment " + ours.id() + " completed: " + ours.runningCount() + " of "
                    + ours.desiredCount() + " tasks running " + shortName(ours.taskDefinition()), s, null, recent(service), elapsed));
        }
        return Optional.empty();
    }

    DeploymentResult timedOut(WatchState s, Optional<Service> service, Duration timeout, Duration elapsed) {
        String where = service.flatMap(sv -> find(sv, s.deploymentId())).map(d -> "; it was " + d.status() + " " + Optional.ofNullable(d.rolloutStateAsString()).orElse("")
                + " with " + d.runningCount() + " of " + d.desiredCount() + " tasks running, " + d.pendingCount() + " pending, " + d.failedTasks() + " failed").orElse("");
        return result(DeploymentResult.Verdict.TIMED_OUT, "deployment " + s.deploymentId() + " did not finish within " + Durations.human(timeout) + where
                + ". ECS goes on with it; watch it again with wait-deployment, or roll back", s, null, service.map(this::recent).orElse(List.of()), elapsed);
    }

    /** The deadline passed while a poll was still waiting for AWS: what was seen before is all there is. */
    DeploymentResult timedOutWithoutAnswer(WatchState s, Duration timeout, Duration elapsed) {
        return result(DeploymentResult.Verdict.TIMED_OUT, "deployment " + s.deploymentId() + " did not finish within " + Durations.human(timeout)
                + " (AWS had not answered the last poll by then; last seen: " + (s.lastSummary() == null ? "nothing yet" : s.lastSummary())
                + "). ECS goes on with it; watch it again with wait-deployment, or roll back", s, null, List.of(), elapsed);
    }

    private static boolean mentionsRollback(Service service, WatchState s) {
        return service.events().stream().filter(e -> s.seenEventIds().contains(e.id()))
                .anyMatch(e -> e.message() != null && (e.message().contains("rolling back") || e.message().contains("circuit breaker")));
    }

    private DeploymentResult result(DeploymentResult.Verdict verdict, String reason, WatchState s, String rolledBackTo, List<String> lastEvents, Duration elapsed) {
        return new DeploymentResult(verdict, reason, s, rolledBackTo, lastEvents, s.stoppedReasons(), elapsed, consoleUrl(s));
    }

    String region() {
        return region;
    }

    String consoleUrl(WatchState s) {
        return DeploymentWatcher.consoleUrl(region, s.cluster(), s.service());
    }

    private List<String> recent(Service service) {
        List<ServiceEvent> events = new ArrayList<>(service.events());
        events.sort(Comparator.comparing(ServiceEvent::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return events.subList(Math.max(0, events.size() - LAST_EVENTS), events.size()).stream().map(ServiceEvent::message).collect(Collectors.toList());
    }

    private static Optional<Deployment> primary(Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    }

    private static Optional<Deployment> find(Service service, String id) {
        return service.deployments().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** {@code PRIMARY myapp:7 desired 2 running 1 pending 1 failed 0 IN_PROGRESS | ACTIVE myapp:6 ...} */
    static String summary(Service service) {
        return service.deployments().stream().map(d -> d.status() + " " + shortName(d.taskDefinition()) + " desired " + d.desiredCount()
                + " running " + d.runningCount() + " pending " + d.pendingCount() + " failed " + d.failedTasks()
                + (d.rolloutState() == null ? "" : " " + d.rolloutStateAsString())).collect(Collectors.joining(" | "));
    }

    /** {@code arn:aws:ecs:...:task-definition/myapp:7} gives {@code myapp:7}. */
    static String shortName(String taskDefinition) {
        if (taskDefinition == null) {
            return "?";
        }
        int slash = taskDefinition.lastIndexOf('/');
        return slash >= 0 ? taskDefinition.substring(slash + 1) : taskDefinition;
    }

    static String taskId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /** One line per stop cause: stop code, reason, and each container's exit code and reason. */
    static String stopReason(Task t) {
        StringBuilder s = new StringBuilder();
        if (t.stopCodeAsString() != null) {
            s.append(t.stopCodeAsString()).append(": ");
        }
        s.append(Optional.ofNullable(t.stoppedReason()).orElse("stopped"));
        for (Container c : t.containers()) {
            if (c.exitCode() != null || (c.reason() != null && !c.reason().equals(t.stoppedReason()))) {
                s.append(" [container ").append(c.name());
                if (c.exitCode() != null) {
                    s.append(" exit code ").append(c.exitCode());
                }
                if (c.reason() != null && !c.reason().equals(t.stoppedReason())) {
                    s.append(": ").append(c.reason());
                }
                s.append(']');
            }
        }
        return s.toString();
    }
}
