package dev.quayside.engine.release;

import dev.quayside.engine.deploy.PollPolicy;
import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.taskdef.TaskDefinitionOverrides;
import dev.quayside.engine.scan.ScanGateRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole release, as the example Jenkinsfile does it: push the image, register the task definition
 * with the pushed image in the named containers, update the service and watch the deployment.
 */
public final class ReleaseRequest {
    private final EcrPushRequest push;
    private final Path taskDefinitionFile;
    private final List<String> containers;
    private final TaskDefinitionOverrides overrides;
    private final Map<String, String> variables;
    private final boolean createLogGroups;
    private final String cluster;
    private final String service;
    private final Integer desiredCount;
    private final Duration timeout;
    private final PollPolicy pollPolicy;
    private final Path serviceDefinition;
    private final boolean createCluster;
    private final List<String> capacityProviders;
    private final boolean preflight;
    private final Integer logLines;
    private final ScanGateRequest.Builder scanGate;

    private ReleaseRequest(Builder b) {
        this.push = Objects.requireNonNull(b.push, "push");
        if (b.taskDefinitionFile == null) {
            throw QuaysideException.invalidInput("taskDefinition", "a task definition file is required");
        }
        this.taskDefinitionFile = b.taskDefinitionFile;
        this.containers = List.copyOf(b.containers);
        this.overrides = b.overrides;
        this.variables = Map.copyOf(b.variables);
        this.createLogGroups = b.createLogGroups;
        if (b.cluster == null || b.cluster.isBlank()) {
            throw QuaysideException.invalidInput("cluster", "is required");
        }
        if (b.service == null || b.service.isBlank()) {
            throw QuaysideException.invalidInput("service", "is required");
        }
        this.cluster = b.cluster;
        this.service = b.service;
        this.desiredCount = b.desiredCount;
        this.timeout = Objects.requireNonNull(b.timeout);
        this.pollPolicy = Objects.requireNonNull(b.pollPolicy);
        this.serviceDefinition = b.serviceDefinition;
        this.createCluster = b.createCluster;
        this.capacityProviders = List.copyOf(b.capacityProviders);
        this.preflight = b.preflight;
        this.logLines = b.logLines;
        // Checked now, before anything is pushed; the digest is the pushed one.
        this.scanGate = b.scanGate == null ? null : b.scanGate.build().toBuilder();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A service definition to create or update the service with; null to roll the existing one. */
    public Path serviceDefinition() {
        return serviceDefinition;
    }

    public boolean createCluster() {
        return createCluster;
    }

    /** NAME[:weight[:base]] each. */
    public List<String> capacityProviders() {
        return capacityProviders;
    }

    /** Log lines per stopped task's container under a failed deployment; null: the default (30). */
    public Integer logLines() {
        return logLines;
    }

    /** The scan gate for the pushed image (its digest set after the push), or null for none. */
    public ScanGateRequest scanGate(String digest) {
        return scanGate == null ? null : scanGate.registryId(push.registryId()).repository(push.repository()).tag(null).digest(digest).build();
    }

    /** Whether the images and log groups are checked before registering (default). */
    public boolean preflight() {
        return preflight;
    }

    public EcrPushRequest push() {
        return push;
    }

    public Path taskDefinitionFile() {
        return taskDefinitionFile;
    }

    /** Containers that get the pushed image; empty: the only container, or those using the pushed repository. */
    public List<String> containers() {
        return containers;
    }

    /** Further overrides; an image given here for a container wins over the pushed one. */
    public TaskDefinitionOverrides overrides() {
        return overrides;
    }

    public Map<String, String> variables() {
        return variables;
    }

    public boolean createLogGroups() {
        return createLogGroups;
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    public Integer desiredCount() {
        return desiredCount;
    }

    public Duration timeout() {
        return timeout;
    }

    public PollPolicy pollPolicy() {
        return pollPolicy;
    }

    public static final class Builder {
        private Path serviceDefinition;
        private boolean createCluster;
        private List<String> capacityProviders = List.of();
        private boolean preflight = true;
        private Integer logLines;
        private ScanGateRequest.Builder scanGate;
        private EcrPushRequest push;
        private Path taskDefinitionFile;
        private List<String> containers = List.of();
        private TaskDefinitionOverrides overrides = TaskDefinitionOverrides.NONE;
        private Map<String, String> variables = Map.of();
        private boolean createLogGroups;
        private String cluster;
        private String service;
        private Integer desiredCount;
        private Duration timeout = Duration.ofMinutes(30);
        private PollPolicy pollPolicy = PollPolicy.DEFAULT;

        public Builder push(EcrPushRequest push) {
            this.push = push;
            return this;
        }

        public Builder taskDefinitionFile(Path file) {
            this.taskDefinitionFile = file;
            return this;
        }

        public Builder containers(List<String> names) {
            this.containers = names;
            return this;
        }

        public Builder overrides(TaskDefinitionOverrides overrides) {
            this.overrides = overrides;
            return this;
        }

        public Builder variables(Map<String, String> variables) {
            this.variables = variables;
            return this;
        }

        public Builder createLogGroups(boolean value) {
            this.createLogGroups = value;
            return this;
        }

        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder desiredCount(Integer count) {
            this.desiredCount = count;
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

        public Builder createCluster(boolean create) {
            this.createCluster = create;
            return this;
        }

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

        /** The scan gate after the push: threshold, allowed findings and timeout (its image is the pushed one); null: none. */
        public Builder scanGate(ScanGateRequest.Builder gate) {
            this.scanGate = gate;
            return this;
        }

        public ReleaseRequest build() {
            return new ReleaseRequest(this);
        }
    }
}
