package dev.quayside.engine.deploy;

import dev.quayside.engine.logs.TaskLogs;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a deployment ended, with what a user needs to understand a failure without opening the console. */
public final class DeploymentResult implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Verdict { SUCCEEDED, FAILED, TIMED_OUT }

    private final Verdict verdict;
    private final String reason;
    private final String cluster;
    private final String service;
    private final String deploymentId;
    private final String taskDefinition;
    private final String rolledBackTo;
    private final ArrayList<String> lastEvents;
    private final LinkedHashMap<String, Integer> stoppedTaskReasons;
    private final Duration duration;
    private final String consoleUrl;
    private final WatchState state;
    private final ArrayList<TaskLogs.Tail> taskLogs;

    DeploymentResult(Verdict verdict, String reason, WatchState state, String rolledBackTo, List<String> lastEvents,
                     Map<String, Integer> stoppedTaskReasons, Duration duration, String consoleUrl) {
        this(verdict, reason, state, rolledBackTo, lastEvents, stoppedTaskReasons, duration, consoleUrl, List.of());
    }

    private DeploymentResult(Verdict verdict, String reason, WatchState state, String rolledBackTo, List<String> lastEvents,
                             Map<String, Integer> stoppedTaskReasons, Duration duration, String consoleUrl, List<TaskLogs.Tail> taskLogs) {
        this.verdict = verdict;
        this.reason = reason;
        this.cluster = state.cluster();
        this.service = state.service();
        this.deploymentId = state.deploymentId();
        this.taskDefinition = state.taskDefinition();
        this.rolledBackTo = rolledBackTo;
        this.lastEvents = new ArrayList<>(lastEvents);
        this.stoppedTaskReasons = new LinkedHashMap<>(stoppedTaskReasons);
        this.duration = duration;
        this.consoleUrl = consoleUrl;
        this.state = state;
        this.taskLogs = new ArrayList<>(taskLogs);
    }

    DeploymentResult withState(WatchState newState) {
        return new DeploymentResult(verdict, reason, newState, rolledBackTo, lastEvents, stoppedTaskReasons, duration, consoleUrl, taskLogs);
    }

    DeploymentResult withTaskLogs(List<TaskLogs.Tail> tails) {
        return new DeploymentResult(verdict, reason, state, rolledBackTo, lastEvents, stoppedTaskReasons, duration, consoleUrl, tails);
    }

    /** The last log lines of our stopped tasks' essential containers, identical ones grouped; empty when none were read. */
    public List<TaskLogs.Tail> taskLogs() {
        return taskLogs == null ? List.of() : Collections.unmodifiableList(taskLogs);
    }

    public Verdict verdict() {
        return verdict;
    }

    public boolean succeeded() {
        return verdict == Verdict.SUCCEEDED;
    }

    /** Why it ended so (for SUCCEEDED, what was reached). */
    public String reason() {
        return reason;
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    public String deploymentId() {
        return deploymentId;
    }

    /** The task definition our deployment runs (family:revision). */
    public String taskDefinition() {
        return taskDefinition;
    }

    /** The deployment (and task definition) ECS rolled back to, when it did. */
    public String rolledBackTo() {
        return rolledBackTo;
    }

    /** The newest service events, newest last. */
    public List<String> lastEvents() {
        return Collections.unmodifiableList(lastEvents);
    }

    /** Stopped tasks of our deployment grouped by reason (stop code, reason, container exit codes), with counts. */
    public Map<String, Integer> stoppedTaskReasons() {
        return Collections.unmodifiableMap(stoppedTaskReasons);
    }

    public Duration duration() {
        return duration;
    }

    public String consoleUrl() {
        return consoleUrl;
    }

    /** What the deploy changed, as diff lines; empty for a plain watch or when nothing changed. */
    public List<String> changes() {
        return state.changes();
    }

    /** The state at the end, e.g. to report where an interrupted watch was. */
    public WatchState state() {
        return state;
    }

    @Override
    public String toString() {
        return verdict + " " + deploymentId + " " + taskDefinition + ": " + reason;
    }
}
