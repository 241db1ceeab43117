package dev.quayside.engine.deploy;

import dev.quayside.engine.errors.QuaysideException;
import java.time.Duration;
import java.util.Objects;

/** Watch a deployment (or the service's current one) until a verdict or the user's timeout. */
public final class WatchRequest {
    private final String cluster;
    private final String service;
    private final String deploymentId;
    private final Duration timeout;
    private final WatchState resumeFrom;
    private final PollPolicy pollPolicy;
    private final Integer logLines;

    private WatchRequest(Builder b) {
        if (b.resumeFrom != null) {
            this.cluster = b.resumeFrom.cluster();
            this.service = b.resumeFrom.service();
            this.deploymentId = b.resumeFrom.deploymentId();
        } else {
            this.cluster = required("cluster", b.cluster);
            this.service = required("service", b.service);
            this.deploymentId = b.deploymentId;
            if (deploymentId != null && !deploymentId.matches("ecs-svc/[0-9]{1,32}")) {
                throw QuaysideException.invalidInput("deploymentId", "'" + deploymentId + "' is not an ECS deployment id (ecs-svc/ and digits, e.g. ecs-svc/1234567890123456789)");
            }
        }
        if (b.timeout == null || b.timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw QuaysideException.invalidInput("timeout", "must be at least 1 second, was " + b.timeout);
        }
        this.timeout = b.timeout;
        this.resumeFrom = b.resumeFrom;
        this.logLines = b.logLines;
        this.pollPolicy = Objects.requireNonNull(b.pollPolicy);
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw QuaysideException.invalidInput(field, "is required");
        }
        return value.trim();
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

    /** The deployment to watch; null means the service's current (PRIMARY) one. */
    public String deploymentId() {
        return deploymentId;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Saved state to continue from, or null. */
    public WatchState resumeFrom() {
        return resumeFrom;
    }

    /** Log lines per stopped task's container under a failure; null: as the state says (default 30). */
    public Integer logLines() {
        return logLines;
    }

    public PollPolicy pollPolicy() {
        return pollPolicy;
    }

    public static final class Builder {
        private String cluster;
        private String service;
        private String deploymentId;
        private Duration timeout = Duration.ofMinutes(30);
        private WatchState resumeFrom;
        private Integer logLines;
        private PollPolicy pollPolicy = PollPolicy.DEFAULT;

        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder deploymentId(String deploymentId) {
            this.deploymentId = deploymentId;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder resumeFrom(WatchState state) {
            this.resumeFrom = state;
            return this;
        }

        public Builder pollPolicy(PollPolicy policy) {
            this.pollPolicy = policy;
            return this;
        }

        public Builder logLines(Integer lines) {
            this.logLines = lines;
            return this;
        }

        public WatchRequest build() {
            return new WatchRequest(this);
        }
    }
}
