package dev.quayside.engine.deploy;

import dev.quayside.engine.errors.QuaysideException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** Roll a service to a task definition revision (or force a new deployment), then watch it. */
public final class DeployRequest {
    private static final Pattern TASK_DEFINITION = Pattern.compile("[a-zA-Z0-9_-]{1,255}(:[0-9]+)?|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[a-zA-Z0-9_-]{1,255}:[0-9]+");

    private final String cluster;
    private final String service;
    private final String taskDefinition;
    private final Integer desiredCount;
    private final boolean forceNewDeployment;
    private final Duration timeout;
    private final PollPolicy pollPolicy;

    private DeployRequest(Builder b) {
        this.cluster = WatchRequest.required("cluster", b.cluster);
        this.service = WatchRequest.required("service", b.service);
        if (b.taskDefinition != null && !TASK_DEFINITION.matcher(b.taskDefinition).matches()) {
            throw QuaysideException.invalidInput("taskDefinition", "'" + b.taskDefinition + "' is not a task definition (family, family:revision or its ARN)");
        }
        if (b.taskDefinition == null && !b.forceNewDeployment) {
            throw QuaysideException.invalidInput("taskDefinition", "is required (or force a new deployment of the current one)");
        }
        if (b.desiredCount != null && b.desiredCount < 0) {
            throw QuaysideException.invalidInput("desiredCount", "must be 0 or more, was " + b.desiredCount);
        }
        if (b.timeout == null || b.timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw QuaysideException.invalidInput("timeout", "must be at least 1 second, was " + b.timeout);
        }
        this.taskDefinition = b.taskDefinition;
        this.desiredCount = b.desiredCount;
        this.forceNewDeployment = b.forceNewDeployment;
        this.timeout = b.timeout;
        this.pollPolicy = Objects.requireNonNull(b.pollPolicy);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    /** family, family:revision or ARN; null to redeploy the current one (with forceNewDeployment). */
    public String taskDefinition() {
        return taskDefinition;
    }

    public Integer desiredCount() {
        return desiredCount;
    }

    public boolean forceNewDeployment() {
        return forceNewDeployment;
    }

    public Duration timeout() {
        return timeout;
    }

    public PollPolicy pollPolicy() {
        return pollPolicy;
    }

    public static final class Builder {
        private String cluster;
        private String service;
        private String taskDefinition;
        private Integer desiredCount;
        private boolean forceNewDeployment;
        private Duration timeout = Duration.ofMinutes(30);
        private PollPolicy pollPolicy = PollPolicy.DEFAULT;

        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder taskDefinition(String taskDefinition) {
            this.taskDefinition = taskDefinition;
            return this;
        }

        public Builder desiredCount(Integer desiredCount) {
            this.desiredCount = desiredCount;
            return this;
        }

        public Builder forceNewDeployment(boolean force) {
            this.forceNewDeployment = force;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder pollPolicy(PollPolicy policy) {
            this.pollPolicy = policy;
            return this;
        }

        public DeployRequest build() {
            return new DeployRequest(this);
        }
    }
}
