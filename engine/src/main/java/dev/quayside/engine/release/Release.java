package dev.quayside.engine.release;

import dev.quayside.engine.deploy.Watch;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.taskdef.RegisteredTaskDefinition;

/** A release under way: what was pushed and registered, and the deployment being watched. */
public final class Release {
    private final PushResult pushed;
    private final RegisteredTaskDefinition taskDefinition;
    private final Watch deployment;

    Release(PushResult pushed, RegisteredTaskDefinition taskDefinition, Watch deployment) {
        this.pushed = pushed;
        this.taskDefinition = taskDefinition;
        this.deployment = deployment;
    }

    public PushResult pushed() {
        return pushed;
    }

    public RegisteredTaskDefinition taskDefinition() {
        return taskDefinition;
    }

    public Watch deployment() {
        return deployment;
    }
}
