package dev.quayside.engine.taskdef;

/** A registered revision: what the next release step needs. */
public final class RegisteredTaskDefinition {
    private final String taskDefinitionArn;
    private final String family;
    private final int revision;

    private RegisteredTaskDefinition(String taskDefinitionArn, String family, int revision) {
        this.taskDefinitionArn = taskDefinitionArn;
        this.family = family;
        this.revision = revision;
    }

    public static RegisteredTaskDefinition of(String taskDefinitionArn, String family, int revision) {
        return new RegisteredTaskDefinition(taskDefinitionArn, family, revision);
    }

    public String taskDefinitionArn() {
        return taskDefinitionArn;
    }

    public String family() {
        return family;
    }

    public int revision() {
        return revision;
    }

    /** {@code family:revision}, the form update-service takes. */
    public String familyRevision() {
        return family + ":" + revision;
    }

    @Override
    public String toString() {
        return taskDefinitionArn;
    }
}
