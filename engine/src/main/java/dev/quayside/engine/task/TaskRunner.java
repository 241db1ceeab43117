package dev.quayside.engine.task;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.engine.time.Durations;
import dev.quayside.engine.time.Sleeper;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest.Builder;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Runs a one-off task (a migration) to its end: RunTask, then its state changes and its containers'
 * CloudWatch log lines as they arrive, until it stops; the result is each essential container's exit
 * code. A non-zero exit, a task that never started, or the timeout fails; at the timeout, or when
 * interrupted, the task is stopped (StopTask) before this returns. {@link #run} does it all in one call
 * (the CLI); {@link #start} and {@link #poll} are its two halves for a watch that schedules its own
 * polls and saves the {@link TaskRun} between them (Jenkins).
 */
public final class TaskRunner {
    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ProgressListener listener;

    /** {@code logs} may be null: the task's log lines are then not streamed. */
    public TaskRunner(EcsClient ecs, CloudWatchLogsClient logs, Clock clock, Sleeper sleeper, ProgressListener listener) {
        this.ecs = ecs;
        this.logs = logs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /** How the task ended: its ARN, each essential container's exit code, and why it stopped. */
    public record Result(String taskArn, Map<String, Integer> exitCodes, String stopCode, String stoppedReason) implements Serializable {
        public Result {
            exitCodes = Collections.unmodifiableMap(new LinkedHashMap<>(exitCodes));
        }
    }

    /** Starts the task and follows it until it stops, printing each poll's lines. */
    public Result run(RunTaskRequest request) {
        TaskRun run = start(request);
        try {
            while (true) {
                TaskPoll poll = poll(run);
                poll.lines().forEach(listener::onEvent);
                if (poll.failure().isPresent()) {
                    throw poll.failure().get();
                }
                if (poll.result().isPresent()) {
                    return poll.result().get();
                }
                run = poll.state();
                sleeper.sleep(poll.nextDelay());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(run, "quayside: interrupted");
            throw QuaysideException.of(Failure.INTERRUPTED, what(run), "interrupted; task " + run.taskId() + " was stopped (StopTask)", null, e);
        }
    }

    /** Checks the request against the task definition, then RunTask; nothing runs when a check fails. */
    public TaskRun start(RunTaskRequest request) {
        String what = "run task " + request.taskDefinition() + " in cluster " + request.cluster();
        TaskDefinition td = describe(request, what);
        checkOverrides(request, td);
        Builder run = software.amazon.awssdk.services.ecs.model.RunTaskRequest.builder().cluster(request.cluster())
                .taskDefinition(request.taskDefinition()).count(1).startedBy(request.startedBy());
        placement(request, run, what);
        List<ContainerOverride> overrides = new ArrayList<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            List<String> command = request.commands().get(c.name());
            Map<String, String> env = request.environment().getOrDefault(c.name(), Map.of());
            if (command != null || !env.isEmpty()) {
                overrides.add(ContainerOverride.builder().name(c.name()).command(command)
                        .environment(env.entrySet().stream().map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList()).build());
            }
        }
        if (!overrides.isEmpty()) {
            run.overrides(o -> o.containerOverrides(overrides));
        }
        RunTaskResponse started;
        try {
            started = ecs.runTask(run.build());
        } catch (SdkException e) {
            throw AwsErrors.translate(what, e);
        }
        if (started.tasks().isEmpty()) {
            String why = started.failures().isEmpty() ? "ECS started no task" : started.failures().get(0).reason() + " (" + started.failures().get(0).arn() + ")";
            throw QuaysideException.of(Failure.REJECTED, what, why, "Check the cluster's capacity and the task definition.");
        }
        String arn = started.tasks().get(0).taskArn();
        String taskId = arn.substring(arn.lastIndexOf('/') + 1);
        List<TaskRun.Container> containers = new ArrayList<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            Optional<TaskLogs.LogStream> where = TaskLogs.streamOf(c, taskId);
            containers.add(new TaskRun.Container(c.name(), !Boolean.FALSE.equals(c.essential()), where.map(TaskLogs.LogStream::group).orElse(null),
                    where.map(TaskLogs.LogStream::stream).orElse(null)));
        }
        String family = td.family() + ":" + td.revision();
        listener.onEvent(Event.of(Event.Level.INFO, "task.started", "Started task " + taskId + " of " + family, Map.of("taskArn", arn)));
        return new TaskRun(request.cluster(), arn, family, containers, clock.millis() + request.timeout().toMillis(), request.timeout().toMillis(),
                request.pollInterval().toMillis(), null, Map.of(), Set.of());
    }

    /**
     * One look: the task's state and the log lines written since the last look; its verdict once it has
     * stopped; at the deadline, StopTask and the timeout's failure; else when to look next.
     */
    public TaskPoll poll(TaskRun run) {
        String what = what(run);
        List<Event> lines = new ArrayList<>();
        Task task;
        try {
            task = ecs.describeTasks(b -> b.cluster(run.cluster()).tasks(run.taskArn())).tasks().stream().findFirst().orElse(null);
        } catch (SdkException e) {
            throw AwsErrors.translate(what, e);
        }
        String status = run.lastStatus();
        if (task != null && !task.lastStatus().equals(status)) {
            status = task.lastStatus();
            lines.add(Event.of(Event.Level.INFO, "task.status", "Task " + run.taskId() + ": " + status, Map.of("status", status)));
        }
        Map<String, String> tokens = new HashMap<>(run.logTokens());
        Set<String> unreadable = new HashSet<>(run.unreadable());
        readLogs(run, tokens, unreadable, lines);
        TaskRun next = run.next(status, tokens, unreadable);
        if (task != null && "STOPPED".equals(task.lastStatus())) {
            return verdict(next, task, lines);
        }
        long now = clock.millis();
        if (now >= run.deadlineMillis()) {
            stop(run, timeoutReason(run));
            return new TaskPoll(next, lines, null, timedOut(run), 0);
        }
        // The last look falls on the deadline itself, so that a task that ends just before it is not stopped.
        return new TaskPoll(next, lines, null, null, Math.min(run.pollIntervalMillis(), run.deadlineMillis() - now));
    }

    /** The StopTask reason at the timeout. */
    public static String timeoutReason(TaskRun run) {
        return "quayside: the run-task timeout (" + Durations.human(Duration.ofMillis(run.timeoutMillis())) + ") passed";
    }

    /** The failure at the timeout, once the task was stopped (by this poll, or by a watch whose poll hung). */
    public static QuaysideException timedOut(TaskRun run) {
        return QuaysideException.of(Failure.TIMEOUT, what(run), "task " + run.taskId() + " did not stop within "
                + Durations.human(Duration.ofMillis(run.timeoutMillis())) + "; it was stopped (StopTask)",
                "Give it a longer timeout, or see its log above for where it was.");
    }

    /** StopTask, for a timeout or an abort; a failure to stop it is a warning, never hidden. */
    public void stop(TaskRun run, String reason) {
        try {
            ecs.stopTask(b -> b.cluster(run.cluster()).task(run.taskArn()).reason(reason));
        } catch (SdkException e) {
            listener.onEvent(Event.warning("task.stop", "warning: could not stop task " + run.taskArn() + ": " + e.getMessage()
                    + "; stop it yourself: aws ecs stop-task --cluster " + run.cluster() + " --task " + run.taskId()));
        }
    }

    /** The console page of a task. */
    public static String consoleUrl(String region, String cluster, String taskId) {
        return "https://" + region + ".console.aws.amazon.com/ecs/v2/clusters/" + cluster + "/tasks/" + taskId + "/configuration?region=" + region;
    }

    private static String what(TaskRun run) {
        return "run task " + run.taskDefinition() + " in cluster " + run.cluster();
    }

    private static TaskPoll verdict(TaskRun run, Task task, List<Event> lines) {
        Map<String, Integer> exitCodes = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (TaskRun.Container c : run.containers()) {
            if (!c.essential()) {
                continue;
            }
            Container ran = task.containers().stream().filter(x -> x.name().equals(c.name())).findFirst().orElse(null);
            Integer code = ran == null ? null : ran.exitCode();
            exitCodes.put(c.name(), code);
            if (code == null || code != 0) {
                failed.add(c.name() + (code == null ? " did not exit (" + (ran == null || ran.reason() == null ? "no exit code" : ran.reason()) + ")"
                        : " exited with " + code));
            }
        }
        Result result = new Result(task.taskArn(), exitCodes, task.stopCodeAsString(), task.stoppedReason());
        lines.add(Event.of(failed.isEmpty() ? Event.Level.INFO : Event.Level.WARNING, "task.stopped", "Task " + run.taskId() + " stopped: "
                + task.stopCodeAsString() + ", " + task.stoppedReason() + "; exit codes " + exitCodes, Map.of("exitCodes", exitCodes)));
        if (!failed.isEmpty()) {
            return new TaskPoll(run, lines, null, QuaysideException.of(Failure.REJECTED, what(run), "task " + run.taskId() + ": " + String.join(", ", failed)
                    + " (" + task.stopCodeAsString() + ": " + task.stoppedReason() + ")", "Its own log lines are above."), 0);
        }
        return new TaskPoll(run, lines, result, null, 0);
    }

    /** The log lines each container wrote since the last look; a missing stream is just not there yet. */
    private void readLogs(TaskRun run, Map<String, String> tokens, Set<String> unreadable, List<Event> lines) {
        if (logs == null) {
            return;
        }
        for (TaskRun.Container c : run.containers()) {
            String stream = c.logStream();
            if (stream == null || unreadable.contains(stream)) {
                continue;
            }
            try {
                GetLogEventsResponse page = logs.getLogEvents(b -> b.logGroupName(c.logGroup()).logStreamName(stream).startFromHead(true)
                        .nextToken(tokens.get(stream)));
                page.events().forEach(e -> lines.add(Event.of(Event.Level.INFO, "task.log", c.name() + " | " + e.message().stripTrailing(), Map.of())));
                tokens.put(stream, page.nextForwardToken());
            } catch (ResourceNotFoundException e) {
                // Not written yet.
            } catch (SdkException e) {
                unreadable.add(stream);
                lines.add(Event.of(Event.Level.INFO, "task.log", "cannot read the log of " + c.name() + " (" + e.getMessage() + ")", Map.of()));
            }
        }
    }

    private TaskDefinition describe(RunTaskRequest request, String what) {
        try {
            return ecs.describeTaskDefinition(b -> b.taskDefinition(request.taskDefinition())).taskDefinition();
        } catch (SdkException e) {
            throw AwsErrors.translate(what, e);
        }
    }

    private static void checkOverrides(RunTaskRequest request, TaskDefinition td) {
        List<String> names = td.containerDefinitions().stream().map(ContainerDefinition::name).toList();
        for (String container : request.commands().keySet()) {
            if (!names.contains(container)) {
                throw QuaysideException.invalidInput("command", "no container named '" + container + "' in " + td.family() + ":" + td.revision() + " (it has: "
                        + String.join(", ", names) + ")");
            }
        }
        for (String container : request.environment().keySet()) {
            if (!names.contains(container)) {
                throw QuaysideException.invalidInput("environment", "no container named '" + container + "' in " + td.family() + ":" + td.revision());
            }
        }
    }

    private void placement(RunTaskRequest request, Builder run, String what) {
        NetworkConfiguration network;
        if (request.networkFromService() != null) {
            Service service;
            try {
                service = ecs.describeServices(b -> b.cluster(request.cluster()).services(request.networkFromService())).services().stream().findFirst()
                        .orElseThrow(() -> QuaysideException.invalidInput("service", "service " + request.networkFromService() + " does not exist in cluster "
                                + request.cluster() + ": name the service whose network the task uses, or give subnets"));
            } catch (SdkException e) {
                throw AwsErrors.translate(what, e);
            }
            network = service.networkConfiguration();
            if (request.capacityProviders().isEmpty() && !service.capacityProviderStrategy().isEmpty()) {
                run.capacityProviderStrategy(service.capacityProviderStrategy());
            } else if (request.capacityProviders().isEmpty()) {
                run.launchType(service.launchType() == null ? "FARGATE" : service.launchTypeAsString());
            }
            if (service.platformVersion() != null) {
                run.platformVersion(service.platformVersion());
            }
        } else {
            network = NetworkConfiguration.builder().awsvpcConfiguration(a -> a.subnets(request.subnets()).securityGroups(request.securityGroups())
                    .assignPublicIp(request.assignPublicIp() ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED)).build();
            if (request.capacityProviders().isEmpty()) {
                run.launchType("FARGATE");
            }
        }
        if (!request.capacityProviders().isEmpty()) {
            run.capacityProviderStrategy(request.capacityProviders());
        }
        run.networkConfiguration(network);
    }
}
