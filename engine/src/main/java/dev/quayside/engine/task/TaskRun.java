package dev.quayside.engine.task;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A started one-off task as far as it has been followed: its ARN, its containers and their log streams,
 * how far each stream has been read, the last state printed, and its deadline. Serializable, so that a
 * poll can run where the AWS identity is (a Jenkins agent) and a watch can be saved across a restart
 * without repeating or losing a log line. Each poll answers a new one; this one is never changed.
 */
public final class TaskRun implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One container of the task definition: whether it is essential, and its awslogs stream (null when it has none). */
    public record Container(String name, boolean essential, String logGroup, String logStream) implements Serializable {
    }

    private final String cluster;
    private final String taskArn;
    private final String taskDefinition;
    private final ArrayList<Container> containers;
    private final long deadlineMillis;
    private final long timeoutMillis;
    private final long pollIntervalMillis;
    private final String lastStatus;
    /** Per log stream: the token to read on from. */
    private final HashMap<String, String> logTokens;
    /** Log streams already noted as unreadable (noted once). */
    private final HashSet<String> unreadable;

    TaskRun(String cluster, String taskArn, String taskDefinition, List<Container> containers, long deadlineMillis, long timeoutMillis,
            long pollIntervalMillis, String lastStatus, Map<String, String> logTokens, Set<String> unreadable) {
        this.cluster = cluster;
        this.taskArn = taskArn;
        this.taskDefinition = taskDefinition;
        this.containers = new ArrayList<>(containers);
        this.deadlineMillis = deadlineMillis;
        this.timeoutMillis = timeoutMillis;
        this.pollIntervalMillis = pollIntervalMillis;
        this.lastStatus = lastStatus;
        this.logTokens = new HashMap<>(logTokens);
        this.unreadable = new HashSet<>(unreadable);
    }

    TaskRun next(String status, Map<String, String> tokens, Set<String> unreadableNow) {
        return new TaskRun(cluster, taskArn, taskDefinition, containers, deadlineMillis, timeoutMillis, pollIntervalMillis, status, tokens, unreadableNow);
    }

    public String cluster() {
        return cluster;
    }

    public String taskArn() {
        return taskArn;
    }

    public String taskId() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /** family:revision. */
    public String taskDefinition() {
        return taskDefinition;
    }

    public List<Container> containers() {
        return Collections.unmodifiableList(containers);
    }

    public long deadlineMillis() {
        return deadlineMillis;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    long pollIntervalMillis() {
        return pollIntervalMillis;
    }

    /** The last state printed (PROVISIONING, RUNNING, ...), null before the first poll. */
    public String lastStatus() {
        return lastStatus;
    }

    Map<String, String> logTokens() {
        return Collections.unmodifiableMap(logTokens);
    }

    Set<String> unreadable() {
        return Collections.unmodifiableSet(unreadable);
    }

    @Override
    public String toString() {
        return "TaskRun[" + taskArn + ", " + lastStatus + "]";
    }
}
