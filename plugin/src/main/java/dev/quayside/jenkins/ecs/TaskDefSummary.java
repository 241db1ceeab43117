package dev.quayside.jenkins.ecs;

import dev.quayside.engine.taskdef.RegisteredTaskDefinition;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A registered revision, as the controller receives it. */
public final class TaskDefSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String taskDefinitionArn;
    private final String family;
    private final int revision;

    TaskDefSummary(RegisteredTaskDefinition registered) {
        this.taskDefinitionArn = registered.taskDefinitionArn();
        this.family = registered.family();
        this.revision = registered.revision();
    }

    public String taskDefinitionArn() {
        return taskDefinitionArn;
    }

    public String familyRevision() {
        return family + ":" + revision;
    }

    /** What ecsRegisterTaskDef returns. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskDefinitionArn", taskDefinitionArn);
        m.put("family", family);
        m.put("revision", revision);
        return m;
    }

    /** What the freestyle build step exports. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ECS_TASK_DEFINITION_ARN", taskDefinitionArn);
        env.put("ECS_TASK_DEFINITION_FAMILY", family);
        env.put("ECS_TASK_DEFINITION_REVISION", String.valueOf(revision));
        return env;
    }

    @Override
    public String toString() {
        return taskDefinitionArn;
    }
}
