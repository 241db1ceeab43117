package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeployRequest;
import java.io.Serializable;
import java.time.Duration;

/** An UpdateService request as the step received it; checked by the engine on both sides. */
final class DeploySpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String service;
    private final String taskDefinition;
    private final Integer desiredCount;
    private final boolean forceNewDeployment;
    private final Duration timeout;

    DeploySpec(String cluster, String service, String taskDefinition, Integer desiredCount, boolean forceNewDeployment, Duration timeout) {
        this.cluster = cluster;
        this.service = service;
        this.taskDefinition = taskDefinition;
        this.desiredCount = desiredCount;
        this.forceNewDeployment = forceNewDeployment;
        this.timeout = timeout;
    }

    /** The engine's request: refuses bad input (with the field's name) before anything is sent. */
    DeployRequest request() {
        return DeployRequest.builder().cluster(cluster).service(service).taskDefinition(taskDefinition)
                .desiredCount(desiredCount).forceNewDeployment(forceNewDeployment).timeout(timeout).build();
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
