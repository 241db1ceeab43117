package dev.quayside.engine.task;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.engine.time.Durations;
import dev.quayside.engine.time.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * interrupted, the task is stopped (StopTask) before this returns.
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
    public record Result(String taskArn, Map<String, Integer> exitCodes, String stopCode, String stoppedReason) {
    }

    public Result run(RunTaskRequest request) {
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
        listener.onEvent(Event.of(Event.Level.INFO, "task.started", "Started task " + taskId + " of " + td.family() + ":" + td.revision(), Map.of("taskArn", arn)));
        return follow(request, td, arn, taskId, what);
    }

    private Result follow(RunTaskRequest request, TaskDefinition td, String arn, String taskId, String what) {
        long deadline = clock.millis() + request.timeout().toMillis();
        Map<String, String> tokens = new LinkedHashMap<>();
        String lastStatus = null;
        try {
            while (true) {
                Task task;
                try {
                    task = ecs.describeTasks(b -> b.cluster(request.cluster()).tasks(arn)).tasks().stream().findFirst().orElse(null);
                } catch (SdkException e) {
                    throw AwsErrors.translate(what, e);
                }
                if (task != null && !task.lastStatus().equals(lastStatus)) {
                    lastStatus = task.lastStatus();
                    listener.onEvent(Event.of(Event.Level.INFO, "task.status", "Task " + taskId + ": " + lastStatus, Map.of("status", lastStatus)));
                }
                streamLogs(td, taskId, tokens);
                if (task != null && "STOPPED".equals(task.lastStatus())) {
                    return verdict(task, td, what);
                }
                if (clock.millis() + request.pollInterval().toMillis() > deadline) {
                    stop(request, arn, "quayside: the run-task timeout (" + Durations.human(request.timeout()) + ") passed");
                    throw QuaysideException.of(Failure.TIMEOUT, what, "task " + taskId + " did not stop within " + Durations.human(request.timeout())
                            + "; it was stopped (StopTask)", "Give it a longer timeout, or see its log above for where it was.");
                }
                sleeper.sleep(request.pollInterval());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(request, arn, "quayside: interrupted");
            throw QuaysideException.of(Failure.INTERRUPTED, what, "interrupted; task " + taskId + " was stopped (StopTask)", null, e);
        }
    }

    private Result verdict(Task task, TaskDefinition td, String what) {
        Map<String, Integer> exitCodes = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (Boolean.FALSE.equals(c.essential())) {
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
        String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        Result result = new Result(task.taskArn(), exitCodes, task.stopCodeAsString(), task.stoppedReason());
        listener.onEvent(Event.of(failed.isEmpty() ? Event.Level.INFO : Event.Level.WARNING, "task.stopped", "Task " + taskId + " stopped: "
                + task.stopCodeAsString() + ", " + task.stoppedReason() + "; exit codes " + exitCodes, Map.of("exitCodes", exitCodes)));
        if (!failed.isEmpty()) {
            throw QuaysideException.of(Failure.REJECTED, what, "task " + taskId + ": " + String.join(", ", failed) + " (" + task.stopCodeAsString() + ": "
                    + task.stoppedReason() + ")", "Its own log lines are above.");
        }
        return result;
    }

    /** Prints the log lines each container wrote since the last look; a missing stream is just not there yet. */
    private void streamLogs(TaskDefinition td, String taskId, Map<String, String> tokens) {
        if (logs == null) {
            return;
        }
        for (ContainerDefinition c : td.containerDefinitions()) {
            Optional<TaskLogs.LogStream> where = TaskLogs.streamOf(c, taskId);
            if (where.isEmpty()) {
                continue;
            }
            String group = where.get().group();
            String stream = where.get().stream();
            try {
                GetLogEventsResponse page = logs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(true)
                        .nextToken(tokens.get(stream)));
                page.events().forEach(e -> listener.onEvent(Event.of(Event.Level.INFO, "task.log", c.name() + " | " + e.message().stripTrailing(), Map.of())));
                tokens.put(stream, page.nextForwardToken());
            } catch (ResourceNotFoundException e) {
                // Not written yet.
            } catch (SdkException e) {
                if (!tokens.containsKey("!" + stream)) {
                    tokens.put("!" + stream, "");
                    listener.onEvent(Event.of(Event.Level.INFO, "task.log", "cannot read the log of " + c.name() + " (" + e.getMessage() + ")", Map.of()));
                }
            }
        }
    }

    private void stop(RunTaskRequest request, String arn, String reason) {
        try {
            ecs.stopTask(b -> b.cluster(request.cluster()).task(arn).reason(reason));
        } catch (SdkException e) {
            listener.onEvent(Event.warning("task.stop", "warning: could not stop task " + arn + ": " + e.getMessage()));
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
