package dev.quayside.engine.logs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The last lines that stopped tasks' essential containers wrote to CloudWatch Logs, found through the
 * awslogs options of their task definition (group, region, stream prefix: stream
 * {@code prefix/container/task-id}), identical tails grouped. Reading logs is a help, never a failure:
 * a missing group or stream, or a permission we lack, becomes a one-line note.
 */
public final class TaskLogs {
    /** At most this many tasks are read; identical tails make more pointless. */
    static final int MAX_TASKS = 10;

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final String region;

    public TaskLogs(EcsClient ecs, CloudWatchLogsClient logs, String region) {
        this.ecs = ecs;
        this.logs = logs;
        this.region = region;
    }

    /** The same last lines of one container, in one or more tasks. */
    public record Tail(String container, List<String> taskIds, List<String> lines) implements Serializable {
        public Tail {
            taskIds = List.copyOf(taskIds);
            lines = List.copyOf(lines);
        }

        /** "Last 3 log lines of container myapp (2 tasks: a1b2, c3d4):", as front ends print it above the lines. */
        public String heading() {
            return "Last " + lines.size() + " log line" + (lines.size() == 1 ? "" : "s") + " of container " + container + " ("
                    + (taskIds.size() == 1 ? "task " : taskIds.size() + " tasks: ") + String.join(", ", taskIds) + "):";
        }

        /** The heading, then each line under it as {@code "  | line"}: how every front end prints a tail. */
        public List<String> printed() {
            List<String> out = new ArrayList<>();
            out.add(heading());
            lines.forEach(line -> out.add("  | " + line));
            return out;
        }
    }

    /** What was read, and what could not be (one line each). */
    public record Result(List<Tail> tails, List<String> notes) {
    }

    /** The last {@code lines} lines of each essential container of {@code tasks} (the first {@link #MAX_TASKS}). */
    public Result read(List<Task> tasks, int lines) {
        Map<String, TaskDefinition> definitions = new HashMap<>();
        Map<String, List<String>> groupedTasks = new LinkedHashMap<>();
        Map<String, Tail> firstOfGroup = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Task task : tasks.subList(0, Math.min(MAX_TASKS, tasks.size()))) {
            TaskDefinition td;
            try {
                td = definitions.computeIfAbsent(task.taskDefinitionArn(), arn -> ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition());
            } catch (SdkException e) {
                notes.add("cannot read task definition " + task.taskDefinitionArn() + " for its logs: " + e.getMessage());
                continue;
            }
            String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
            for (ContainerDefinition c : td.containerDefinitions()) {
                if (Boolean.FALSE.equals(c.essential())) {
                    continue;
                }
                List<String> tail = tail(c, taskId, lines, notes);
                if (tail == null) {
                    continue;
                }
                String key = c.name() + "\n" + String.join("\n", tail);
                groupedTasks.computeIfAbsent(key, k -> new ArrayList<>()).add(taskId);
                firstOfGroup.putIfAbsent(key, new Tail(c.name(), List.of(), tail));
            }
            if (notes.stream().anyMatch(n -> n.contains("denied"))) {
                break;
            }
        }
        List<Tail> tails = new ArrayList<>();
        firstOfGroup.forEach((key, t) -> tails.add(new Tail(t.container(), groupedTasks.get(key), t.lines())));
        return new Result(tails, notes.stream().distinct().toList());
    }

    /** Where a container of a task writes with the awslogs driver: its group, the group's region (null: the task's), its stream. */
    public record LogStream(String group, String region, String stream) {
    }

    /**
     * The stream {@code prefix/container/task-id} of {@code c} in task {@code taskId}; empty when it does not log to
     * awslogs, or does without a group or a stream prefix (the stream is then named by ECS's own id, unknown here).
     */
    public static Optional<LogStream> streamOf(ContainerDefinition c, String taskId) {
        LogConfiguration log = c.logConfiguration();
        if (log == null || !"awslogs".equals(log.logDriverAsString())) {
            return Optional.empty();
        }
        String group = log.options().get("awslogs-group");
        String prefix = log.options().get("awslogs-stream-prefix");
        if (group == null || prefix == null) {
            return Optional.empty();
        }
        return Optional.of(new LogStream(group, log.options().get("awslogs-region"), prefix + "/" + c.name() + "/" + taskId));
    }

    /** The container's last lines in its stream, or null (with a note) when there is nothing to read. */
    private List<String> tail(ContainerDefinition c, String taskId, int lines, List<String> notes) {
        if (c.logConfiguration() == null || !"awslogs".equals(c.logConfiguration().logDriverAsString())) {
            return null;
        }
        Optional<LogStream> where = streamOf(c, taskId);
        if (where.isEmpty()) {
            notes.add("container " + c.name() + " logs to awslogs without a stream prefix: its stream cannot be named, not read");
            return null;
        }
        String group = where.get().group();
        String stream = where.get().stream();
        String groupRegion = where.get().region() == null ? region : where.get().region();
        if (!groupRegion.equals(region)) {
            notes.add("container " + c.name() + " logs to " + group + " in " + groupRegion + ", not " + region + ": not read");
            return null;
        }
        try {
            List<OutputLogEvent> events = logs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(false).limit(lines)).events();
            if (events.isEmpty()) {
                notes.add("container " + c.name() + " of task " + taskId + " wrote nothing to " + group + " (" + stream + ")");
                return null;
            }
            return events.stream().map(e -> e.message().stripTrailing()).toList();
        } catch (ResourceNotFoundException e) {
            notes.add("no log stream " + stream + " in " + group + " (the container may never have started)");
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            notes.add(code.equals("AccessDeniedException") ? "reading " + group + " was denied (logs:GetLogEvents): task logs not shown"
                    : "cannot read " + group + " (" + stream + "): " + code);
        } catch (SdkException e) {
            notes.add("cannot read " + group + " (" + stream + "): " + e.getMessage());
        }
        return null;
    }
}
