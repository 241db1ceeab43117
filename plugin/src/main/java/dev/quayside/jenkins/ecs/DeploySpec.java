package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeployRequest;
import java.io.File;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A deploy as the step received it; checked by the engine on both sides. */
final class DeploySpec implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String cluster;
    private final String service;
    private final String taskDefinition;
    private final Integer desiredCount;
    private final boolean forceNewDeployment;
    private final Duration timeout;
    /** Relative to the workspace (or absolute); null for a plain rollout. */
    private final String serviceDefinition;
    private final boolean createCluster;
    private final ArrayList<String> capacityProviders;
    private final boolean preflight;

    DeploySpec(String cluster, String service, String taskDefinition, Integer desiredCount, boolean forceNewDeployment, Duration timeout,
               String serviceDefinition, boolean createCluster, List<String> capacityProviders, boolean preflight) {
        this.cluster = cluster;
        this.service = service;
        this.taskDefinition = taskDefinition;
        this.desiredCount = desiredCount;
        this.forceNewDeployment = forceNewDeployment;
        this.timeout = timeout;
        this.serviceDefinition = serviceDefinition;
        this.createCluster = createCluster;
        this.capacityProviders = new ArrayList<>(capacityProviders);
        this.preflight = preflight;
    }

    /**
     * The engine's request: refuses bad input (with the field's name) before anything is sent. The
     * service definition is resolved in {@code workspace} (null: only checked for presence) with
     * {@code variables} for its ${VAR}.
     */
    DeployRequest request(File workspace, Map<String, String> variables) {
        return DeployRequest.builder().cluster(cluster).service(service).taskDefinition(taskDefinition)
                .desiredCount(desiredCount).forceNewDeployment(forceNewDeployment).timeout(timeout)
                .serviceDefinition(serviceDefinition == null ? null : workspace == null ? new File(serviceDefinition).toPath()
                        : new File(serviceDefinition).isAbsolute() ? new File(serviceDefinition).toPath() : new File(workspace, serviceDefinition).toPath())
                .variables(variables).createCluster(createCluster).capacityProviders(capacityProviders).preflight(preflight).build();
    }

    String cluster() {
        return cluster;
    }

    String service() {
        return service;
    }

    Duration timeout() {
        return timeout;
    }
}
