package dev.quayside.jenkins.ecs;

import dev.quayside.engine.task.RunTaskRequest;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A one-off task as the step received it (after ${VAR} in freestyle); the engine checks it on both sides. */
final class TaskSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String taskDefinition;
    private final String networkFromService;
    private final ArrayList<String> subnets;
    private final ArrayList<String> securityGroups;
    private final boolean assignPublicIp;
    private final ArrayList<String> capacityProviders;
    private final String container;
    private final ArrayList<String> command;
    private final LinkedHashMap<String, LinkedHashMap<String, String>> environment;
    private final String startedBy;
    private final Duration timeout;

    TaskSpec(String cluster, String taskDefinition, String networkFromService, List<String> subnets, List<String> securityGroups, boolean assignPublicIp,
             List<String> capacityProviders, String container, List<String> command, Map<String, Map<String, String>> environment, String startedBy,
             Duration timeout) {
        this.cluster = cluster;
        this.taskDefinition = taskDefinition;
        this.networkFromService = networkFromService;
        this.subnets = new ArrayList<>(subnets);
        this.securityGroups = new ArrayList<>(securityGroups);
        this.assignPublicIp = assignPublicIp;
        this.capacityProviders = new ArrayList<>(capacityProviders);
        this.container = container;
        this.command = new ArrayList<>(command);
        this.environment = new LinkedHashMap<>();
        environment.forEach((c, vars) -> this.environment.put(c, new LinkedHashMap<>(vars)));
        this.startedBy = startedBy;
        this.timeout = timeout;
    }

    /** The engine's request: refuses bad input (naming the field) before anything is sent. */
    RunTaskRequest request() {
        RunTaskRequest.Builder b = RunTaskRequest.builder().cluster(cluster).taskDefinition(taskDefinition).networkFromService(networkFromService)
                .subnets(subnets).securityGroups(securityGroups).assignPublicIp(assignPublicIp).capacityProviders(capacityProviders)
                .startedBy(startedBy).timeout(timeout);
        if (!command.isEmpty()) {
            b.command(container, command);
        }
        environment.forEach((c, vars) -> vars.forEach((name, value) -> b.setEnvironment(c + ":" + name + "=" + value)));
        return b.build();
    }

    String cluster() {
        return cluster;
    }

    String taskDefinition() {
        return taskDefinition;
    }

    Duration timeout() {
        return timeout;
    }
}
