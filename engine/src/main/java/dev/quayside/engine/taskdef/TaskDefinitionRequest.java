package dev.quayside.engine.taskdef;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Register (or only render) a task definition file with a release's overrides. */
public final class TaskDefinitionRequest {
    private final Path file;
    private final TaskDefinitionOverrides overrides;
    private final Map<String, String> variables;
    private final boolean createLogGroups;
    private final boolean renderOnly;
    private final boolean preflight;

    private TaskDefinitionRequest(Builder b) {
        this.file = Objects.requireNonNull(b.file, "file");
        this.overrides = b.overrides;
        this.variables = Map.copyOf(b.variables);
        this.createLogGroups = b.createLogGroups;
        this.preflight = b.preflight;
        this.renderOnly = b.renderOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path file() {
        return file;
    }

    public TaskDefinitionOverrides overrides() {
        return overrides;
    }

    /** The environment {@code ${VAR}} is taken from (the build's, not the JVM's). */
    public Map<String, String> variables() {
        return variables;
    }

    public boolean createLogGroups() {
        return createLogGroups;
    }

    /** Whether images and log groups are checked before registering (when the service has a pre-flight); default true. */
    public boolean preflight() {
        return preflight;
    }

    public boolean renderOnly() {
        return renderOnly;
    }

    public static final class Builder {
        private Path file;
        private TaskDefinitionOverrides overrides = TaskDefinitionOverrides.NONE;
        private Map<String, String> variables = Map.of();
        private boolean createLogGroups;
        private boolean preflight = true;
        private boolean renderOnly;

        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        public Builder overrides(TaskDefinitionOverrides overrides) {
            this.overrides = Objects.requireNonNull(overrides);
            return this;
        }

        public Builder variables(Map<String, String> variables) {
            this.variables = Objects.requireNonNull(variables);
            return this;
        }

        public Builder createLogGroups(boolean value) {
            this.createLogGroups = value;
            return this;
        }

        /** Render and validate only; nothing is sent to AWS. */
        public Builder renderOnly(boolean value) {
            this.renderOnly = value;
            return this;
        }

        public Builder preflight(boolean value) {
            this.preflight = value;
            return this;
        }

        public TaskDefinitionRequest build() {
            return new TaskDefinitionRequest(this);
        }
    }
}
