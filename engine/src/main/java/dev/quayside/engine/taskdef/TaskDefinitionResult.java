package dev.quayside.engine.taskdef;

import java.util.List;
import java.util.Optional;

/** The rendered task definition, its warnings, and the registered revision unless only rendered. */
public final class TaskDefinitionResult {
    private final String renderedJson;
    private final List<String> warnings;
    private final RegisteredTaskDefinition registered;

    TaskDefinitionResult(String renderedJson, List<String> warnings, RegisteredTaskDefinition registered) {
        this.renderedJson = renderedJson;
        this.warnings = List.copyOf(warnings);
        this.registered = registered;
    }

    /** Exactly what is (or would be) registered, as pretty JSON. */
    public String renderedJson() {
        return renderedJson;
    }

    public List<String> warnings() {
        return warnings;
    }

    public Optional<RegisteredTaskDefinition> registered() {
        return Optional.ofNullable(registered);
    }
}
