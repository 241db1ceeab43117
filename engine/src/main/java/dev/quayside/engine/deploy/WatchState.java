package dev.quayside.engine.deploy;

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
 * or losing events: the deployment, the service events and stopped tasks already reported, and the
 * last summary line. Immutable and serializable.
 */
public final class WatchState implements Serializable {
    private static final long serialVersionUID = 1L;
    /** ECS keeps the newest 100 events; remembering a few more ids is enough to never repeat one. */
    private static final int MAX_IDS = 400;

    private final String cluster;
    private final String service;
    private final String deploymentId;
    private final String taskDefinition;
    private final long startedAtMillis;
    private final List<String> seenEventIds;
    private final List<String> seenStoppedTasks;
    private final String lastSummary;
    private final int polls;
    private final LinkedHashMap<String, Integer> stoppedReasons;

    private WatchState(String cluster, String service, String deploymentId, String taskDefinition, long startedAtMillis,
                       List<String> seenEventIds, List<String> seenStoppedTasks, String lastSummary, int polls, Map<String, Integer> stoppedReasons) {
        this.cluster = Objects.requireNonNull(cluster);
        this.service = Objects.requireNonNull(service);
        this.deploymentId = deploymentId;
        this.taskDefinition = taskDefinition;
        this.startedAtMillis = startedAtMillis;
        this.seenEventIds = List.copyOf(seenEventIds);
        this.seenStoppedTasks = List.copyOf(seenStoppedTasks);
        this.lastSummary = lastSummary;
        this.polls = polls;
        this.stoppedReasons = new LinkedHashMap<>(stoppedReasons);
    }

    /** A fresh watch of a deployment (or of the service's current one when {@code deploymentId} is null). */
    public static WatchState start(String cluster, String service, String deploymentId, long startedAtMillis) {
        return new WatchState(cluster, service, deploymentId, null, startedAtMillis, List.of(), List.of(), null, 0, Map.of());
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
        return seenEventIds;
    }

    public List<String> seenStoppedTasks() {
        return seenStoppedTasks;
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

    WatchState withDeployment(String id, String newTaskDefinition) {
        return new WatchState(cluster, service, id, newTaskDefinition, startedAtMillis, seenEventIds, seenStoppedTasks, lastSummary, polls, stoppedReasons);
    }

    WatchState seen(Collection<String> eventIds, Map<String, String> stoppedTaskReasons, String summary) {
        Map<String, Integer> reasons = new LinkedHashMap<>(stoppedReasons);
        stoppedTaskReasons.values().forEach(r -> reasons.merge(r, 1, Integer::sum));
        return new WatchState(cluster, service, deploymentId, taskDefinition, startedAtMillis,
                capped(seenEventIds, eventIds), capped(seenStoppedTasks, stoppedTaskReasons.keySet()), summary, polls + 1, reasons);
    }

    private static List<String> capped(List<String> old, Collection<String> added) {
        LinkedHashSet<String> all = new LinkedHashSet<>(old);
        all.addAll(added);
        List<String> list = new ArrayList<>(all);
        return list.size() <= MAX_IDS ? list : list.subList(list.size() - MAX_IDS, list.size());
    }

    @Override
    public String toString() {
        return "WatchState[" + cluster + "/" + service + " " + deploymentId + ", " + seenEventIds.size() + " events seen, " + polls + " polls]";
    }
}
