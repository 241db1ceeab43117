package dev.quayside.engine.deploy;

import dev.quayside.engine.errors.QuaysideException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a watch has seen so far, enough to resume it (after a Jenkins restart, say) without repeating
 * or losing events: the deployment, the service events and stopped tasks already reported, the last
 * summary line, and the polling rhythm. Immutable (every change is a copy) and serializable.
 */
public final class WatchState implements Serializable {
    private static final long serialVersionUID = 1L;
    /** ECS keeps the newest 100 events; remembering a few more ids is enough to never repeat one. */
    private static final int MAX_IDS = 400;
    /** Log lines shown per stopped task's container, unless asked otherwise. */
    public static final int DEFAULT_LOG_LINES = 30;

    private final String cluster;
    private final String service;
    private final long startedAtMillis;
    private String deploymentId;
    private String taskDefinition;
    // Plain ArrayLists: Jenkins persists this with XStream, which handles them everywhere.
    private ArrayList<String> seenEventIds = new ArrayList<>();
    private ArrayList<String> seenStoppedTasks = new ArrayList<>();
    private LinkedHashMap<String, Integer> stoppedReasons = new LinkedHashMap<>();
    private String lastSummary;
    private int polls;
    private long nextDelayMillis;
    /** When the last poll asked ECS; 0: not yet. */
    private long lastPollAtMillis;
    /** Poll time saved against the call budget so far (negative: polls owed), see {@link PollPolicy}. */
    private long savedMillis;
    private int lastFailedTasks = -1;
    private int consecutiveErrors;
    private boolean serviceDeploymentsApi = true;
    private long eventsSinceMillis = Long.MIN_VALUE;
    /** What the deploy changed, as diff lines (empty for a plain watch). */
    private ArrayList<String> changes = new ArrayList<>();
    /** How many log lines of each stopped task's containers to show with a failure; null: the default. */
    private Integer logLines;

    private WatchState(String cluster, String service, long startedAtMillis) {
        this.cluster = Objects.requireNonNull(cluster);
        this.service = Objects.requireNonNull(service);
        this.startedAtMillis = startedAtMillis;
    }

    private WatchState copy() {
        WatchState c = new WatchState(cluster, service, startedAtMillis);
        c.deploymentId = deploymentId;
        c.taskDefinition = taskDefinition;
        c.seenEventIds = seenEventIds;
        c.seenStoppedTasks = seenStoppedTasks;
        c.stoppedReasons = new LinkedHashMap<>(stoppedReasons);
        c.lastSummary = lastSummary;
        c.polls = polls;
        c.nextDelayMillis = nextDelayMillis;
        c.lastPollAtMillis = lastPollAtMillis;
        c.savedMillis = savedMillis;
        c.lastFailedTasks = lastFailedTasks;
        c.consecutiveErrors = consecutiveErrors;
        c.serviceDeploymentsApi = serviceDeploymentsApi;
        c.eventsSinceMillis = eventsSinceMillis;
        c.changes = changes;
        c.logLines = logLines;
        return c;
    }

    /** A fresh watch of a deployment (or of the service's current one when {@code deploymentId} is null). */
    public static WatchState start(String cluster, String service, String deploymentId, long startedAtMillis) {
        WatchState s = new WatchState(cluster, service, startedAtMillis);
        s.deploymentId = deploymentId;
        return s;
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    /** The deployment watched; null until the current one is known. */
    public String deploymentId() {
        return deploymentId;
    }

    public String taskDefinition() {
        return taskDefinition;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public List<String> seenEventIds() {
        return Collections.unmodifiableList(seenEventIds);
    }

    public List<String> seenStoppedTasks() {
        return Collections.unmodifiableList(seenStoppedTasks);
    }

    public String lastSummary() {
        return lastSummary;
    }

    public int polls() {
        return polls;
    }

    /** Stopped tasks of the deployment so far, grouped by reason, with counts. */
    public Map<String, Integer> stoppedReasons() {
        return Collections.unmodifiableMap(stoppedReasons);
    }

    /** How long to wait before the next poll. */
    public long nextDelayMillis() {
        return nextDelayMillis;
    }

    /** When the last poll asked ECS; the watch's start before the first. */
    long lastPollAtMillis() {
        return lastPollAtMillis == 0 ? startedAtMillis : lastPollAtMillis;
    }

    long savedMillis() {
        return savedMillis;
    }

    int lastFailedTasks() {
        return lastFailedTasks;
    }

    int consecutiveErrors() {
        return consecutiveErrors;
    }

    boolean serviceDeploymentsApi() {
        return serviceDeploymentsApi;
    }

    /**
     * Service events older than this are history, not news: our deployment's creation time (by ECS's
     * clock) once we have seen it, or else when the watch started.
     */
    long eventsSinceMillis() {
        return eventsSinceMillis == Long.MIN_VALUE ? startedAtMillis - 1000 : eventsSinceMillis;
    }

    /** What the deploy changes, as diff lines ({@code -old}, {@code +new}); empty when nothing changed or for a plain watch. */
    public List<String> changes() {
        return changes == null ? List.of() : Collections.unmodifiableList(changes);
    }

    /** The last lines of each stopped task's essential containers shown under a failure; 0: none. */
    public int logLines() {
        return logLines == null ? DEFAULT_LOG_LINES : logLines;
    }

    /** With {@code lines} log lines under a failure (0 to 10000). */
    public WatchState withLogLines(int lines) {
        if (lines < 0 || lines > 10_000) {
            throw QuaysideException.invalidInput("logLines", "must be 0 (none) to 10000, was " + lines);
        }
        WatchState c = copy();
        c.logLines = lines;
        return c;
    }

    WatchState withChanges(List<String> lines) {
        WatchState c = copy();
        c.changes = new ArrayList<>(lines);
        return c;
    }

    WatchState withEventsSince(long millis) {
        WatchState c = copy();
        c.eventsSinceMillis = millis;
        return c;
    }

    WatchState withDeployment(String id, String newTaskDefinition) {
        WatchState c = copy();
        c.deploymentId = id;
        c.taskDefinition = newTaskDefinition;
        return c;
    }

    WatchState seen(Collection<String> eventIds, Map<String, String> stoppedTaskReasons, String summary) {
        WatchState c = copy();
        stoppedTaskReasons.values().forEach(r -> c.stoppedReasons.merge(r, 1, Integer::sum));
        c.seenEventIds = capped(seenEventIds, eventIds);
        c.seenStoppedTasks = capped(seenStoppedTasks, stoppedTaskReasons.keySet());
        c.lastSummary = summary;
        c.polls = polls + 1;
        return c;
    }

    WatchState withRhythm(long polledAt, long saved, long nextDelay, int failedTasks, int errors, boolean api) {
        WatchState c = copy();
        c.lastPollAtMillis = polledAt;
        c.savedMillis = saved;
        c.nextDelayMillis = nextDelay;
        c.lastFailedTasks = failedTasks;
        c.consecutiveErrors = errors;
        c.serviceDeploymentsApi = api;
        return c;
    }

    private static ArrayList<String> capped(List<String> old, Collection<String> added) {
        LinkedHashSet<String> all = new LinkedHashSet<>(old);
        all.addAll(added);
        List<String> list = new ArrayList<>(all);
        return new ArrayList<>(list.size() <= MAX_IDS ? list : list.subList(list.size() - MAX_IDS, list.size()));
    }

    @Override
    public String toString() {
        return "WatchState[" + cluster + "/" + service + " " + deploymentId + ", " + seenEventIds.size() + " events seen, " + polls + " polls]";
    }
}
