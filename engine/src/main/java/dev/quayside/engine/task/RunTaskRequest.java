package dev.quayside.engine.task;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.service.ServicePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;

/**
 * A one-off task (a database migration): the task definition, where it runs (the network and capacity
 * providers of a named service, or given), what its containers run instead (command, environment), and
 * how long it may take. Checked before any call.
 */
public final class RunTaskRequest {
    private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9_/-]{1,128}");

    private final String cluster;
    private final String taskDefinition;
    private final String networkFromService;
    private final List<String> subnets;
    private final List<String> securityGroups;
    private final boolean assignPublicIp;
    private final List<CapacityProviderStrategyItem> capacityProviders;
    private final Map<String, List<String>> commands;
    private final Map<String, Map<String, String>> environment;
    private final String startedBy;
    private final Duration timeout;
    private final Duration pollInterval;

    private RunTaskRequest(Builder b) {
        if (b.cluster == null || b.cluster.isBlank()) {
            throw QuaysideException.invalidInput("cluster", "is required");
        }
        if (b.taskDefinition == null || b.taskDefinition.isBlank()) {
            throw QuaysideException.invalidInput("taskDefinition", "is required (family, family:revision or ARN)");
        }
        if (b.networkFromService == null && b.subnets.isEmpty()) {
            throw QuaysideException.invalidInput("subnets", "give the subnets (and security groups) to run in, or a service whose network to use");
        }
        if (b.networkFromService != null && !b.subnets.isEmpty()) {
            throw QuaysideException.invalidInput("subnets", "give subnets or a service to take the network from, not both");
        }
        if (b.timeout == null || b.timeout.compareTo(Duration.ofSeconds(1)) < 0 || b.timeout.compareTo(Duration.ofHours(24)) > 0) {
            throw QuaysideException.invalidInput("timeout", "must be 1 second to 24 hours, was " + b.timeout);
        }
        if (!STARTED_BY.matcher(b.startedBy).matches()) {
            throw QuaysideException.invalidInput("startedBy", "'" + b.startedBy + "' is not 1 to 128 letters, digits, '-', '_' or '/' (what ECS accepts)");
        }
        List<CapacityProviderStrategyItem> providers = new ArrayList<>();
        b.capacityProviders.forEach(p -> providers.add(ServicePlan.capacityProvider("capacityProviders", p)));
        this.cluster = b.cluster;
        this.taskDefinition = b.taskDefinition;
        this.networkFromService = b.networkFromService;
        this.subnets = List.copyOf(b.subnets);
        this.securityGroups = List.copyOf(b.securityGroups);
        this.assignPublicIp = b.assignPublicIp;
        this.capacityProviders = List.copyOf(providers);
        this.commands = Map.copyOf(b.commands);
        this.environment = Map.copyOf(b.environment);
        this.startedBy = b.startedBy;
        this.timeout = b.timeout;
        this.pollInterval = Objects.requireNonNull(b.pollInterval);
    }

    /** {@code text} with what ECS refuses in startedBy replaced by '-', cut to 128 characters (e.g. a Jenkins BUILD_TAG). */
    public static String startedByOf(String text) {
        String tag = text.replaceAll("[^A-Za-z0-9_/-]", "-");
        return tag.length() > 128 ? tag.substring(0, 128) : tag;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String cluster() {
        return cluster;
    }

    public String taskDefinition() {
        return taskDefinition;
    }

    /** The service whose network configuration and capacity providers the task takes; null when given. */
    public String networkFromService() {
        return networkFromService;
    }

    public List<String> subnets() {
        return subnets;
    }

    public List<String> securityGroups() {
        return securityGroups;
    }

    public boolean assignPublicIp() {
        return assignPublicIp;
    }

    public List<CapacityProviderStrategyItem> capacityProviders() {
        return capacityProviders;
    }

    /** Per container: the command that replaces its own. */
    public Map<String, List<String>> commands() {
        return commands;
    }

    /** Per container: environment variables to set. */
    public Map<String, Map<String, String>> environment() {
        return environment;
    }

    public String startedBy() {
        return startedBy;
    }

    public Duration timeout() {
        return timeout;
    }

    Duration pollInterval() {
        return pollInterval;
    }

    public static final class Builder {
        private String cluster;
        private String taskDefinition;
        private String networkFromService;
        private List<String> subnets = new ArrayList<>();
        private List<String> securityGroups = new ArrayList<>();
        private boolean assignPublicIp;
        private List<String> capacityProviders = new ArrayList<>();
        private final Map<String, List<String>> commands = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> environment = new LinkedHashMap<>();
        private String startedBy = "quayside";
        private Duration timeout = Duration.ofMinutes(30);
        private Duration pollInterval = Duration.ofSeconds(5);

        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder taskDefinition(String taskDefinition) {
            this.taskDefinition = taskDefinition;
            return this;
        }

        public Builder networkFromService(String service) {
            this.networkFromService = service;
            return this;
        }

        public Builder subnets(List<String> subnets) {
            this.subnets = new ArrayList<>(subnets);
            return this;
        }

        public Builder securityGroups(List<String> groups) {
            this.securityGroups = new ArrayList<>(groups);
            return this;
        }

        public Builder assignPublicIp(boolean assign) {
            this.assignPublicIp = assign;
            return this;
        }

        /** NAME[:weight[:base]] each. */
        public Builder capacityProviders(List<String> providers) {
            this.capacityProviders = new ArrayList<>(providers);
            return this;
        }

        public Builder command(String container, List<String> command) {
            commands.put(container, List.copyOf(command));
            return this;
        }

        /** {@code CONTAINER:NAME=VALUE}. */
        public Builder setEnvironment(String entry) {
            int colon = entry.indexOf(':');
            int eq = entry.indexOf('=', colon + 1);
            if (colon <= 0 || eq <= colon + 1) {
                throw QuaysideException.invalidInput("environment", "'" + entry + "' is not CONTAINER:NAME=VALUE");
            }
            environment.computeIfAbsent(entry.substring(0, colon), c -> new LinkedHashMap<>()).put(entry.substring(colon + 1, eq), entry.substring(eq + 1));
            return this;
        }

        /** A tag that says who started the task; letters, digits, '-', '_', '/' (see {@link #startedByOf}). */
        public Builder startedBy(String startedBy) {
            this.startedBy = Objects.requireNonNull(startedBy);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public RunTaskRequest build() {
            return new RunTaskRequest(this);
        }
    }
}
