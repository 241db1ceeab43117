package dev.quayside.engine.deploy;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.service.ServicePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;

/**
 * Roll a service to a task definition revision (or force a new deployment), or create or update it
 * from a service definition file, then watch it.
 */
public final class DeployRequest {
    private static final Pattern TASK_DEFINITION = Pattern.compile("[a-zA-Z0-9_-]{1,255}(:[0-9]+)?|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[a-zA-Z0-9_-]{1,255}:[0-9]+");

    private final String cluster;
    private final String service;
    private final String taskDefinition;
    private final Integer desiredCount;
    private final boolean forceNewDeployment;
    private final Duration timeout;
    private final PollPolicy pollPolicy;
    private final Path serviceDefinition;
    private final Map<String, String> variables;
    private final boolean createCluster;
    private final List<CapacityProviderStrategyItem> capacityProviders;
    private final boolean preflight;
    private final Integer logLines;

    private DeployRequest(Builder b) {
        this.cluster = WatchRequest.required("cluster", b.cluster);
        this.service = WatchRequest.required("service", b.service);
        if (b.taskDefinition != null && !TASK_DEFINITION.matcher(b.taskDefinition).matches()) {
            throw QuaysideException.invalidInput("taskDefinition", "'" + b.taskDefinition + "' is not a task definition (family, family:revision or its ARN)");
        }
        if (b.taskDefinition == null && !b.forceNewDeployment && b.serviceDefinition == null) {
            throw QuaysideException.invalidInput("taskDefinition", "is required (or a service definition that names one, or force a new deployment of the current one)");
        }
        if (b.createCluster && b.serviceDefinition == null) {
            throw QuaysideException.invalidInput("createCluster", "needs a service definition (a new cluster has no service to update)");
        }
        List<CapacityProviderStrategyItem> providers = new ArrayList<>();
        for (String text : b.capacityProviders) {
            providers.add(ServicePlan.capacityProvider("capacityProviders", text));
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
        this.serviceDefinition = b.serviceDefinition;
        this.variables = Map.copyOf(b.variables);
        this.createCluster = b.createCluster;
        this.capacityProviders = List.copyOf(providers);
        this.preflight = b.preflight;
        this.logLines = b.logLines;
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

    /** A service definition file to create the service from, or update it with; null for a plain rollout. */
    public Path serviceDefinition() {
        return serviceDefinition;
    }

    /** What {@code ${VAR}} in the service definition stands for. */
    public Map<String, String> variables() {
        return variables;
    }

    public boolean createCluster() {
        return createCluster;
    }

    /** A capacity provider strategy that replaces the file's and the service's (e.g. FARGATE_SPOT:3, FARGATE:1:1). */
    public List<CapacityProviderStrategyItem> capacityProviders() {
        return capacityProviders;
    }

    /** Log lines per stopped task's container under a failure; null: the default (30). */
    public Integer logLines() {
        return logLines;
    }

    /** Whether to check the task definition's images and log groups before anything changes (default). */
    public boolean preflight() {
        return preflight;
    }

    public static final class Builder {
        private String cluster;
        private String service;
        private String taskDefinition;
        private Integer desiredCount;
        private boolean forceNewDeployment;
        private Duration timeout = Duration.ofMinutes(30);
        private PollPolicy pollPolicy = PollPolicy.DEFAULT;
        private Path serviceDefinition;
        private Map<String, String> variables = Map.of();
        private boolean createCluster;
        private List<String> capacityProviders = List.of();
        private boolean preflight = true;
        private Integer logLines;

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

        public Builder serviceDefinition(Path file) {
            this.serviceDefinition = file;
            return this;
        }

        public Builder variables(Map<String, String> variables) {
            this.variables = Objects.requireNonNull(variables);
            return this;
        }

        public Builder createCluster(boolean create) {
            this.createCluster = create;
            return this;
        }

        /** NAME[:weight[:base]] each. */
        public Builder capacityProviders(List<String> providers) {
            this.capacityProviders = providers == null ? List.of() : List.copyOf(providers);
            return this;
        }

        public Builder preflight(boolean preflight) {
            this.preflight = preflight;
            return this;
        }

        public Builder logLines(Integer lines) {
            this.logLines = lines;
            return this;
        }

        public DeployRequest build() {
            return new DeployRequest(this);
        }
    }
}
