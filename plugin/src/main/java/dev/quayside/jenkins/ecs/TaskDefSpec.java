package dev.quayside.jenkins.ecs;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.taskdef.TaskDefinitionOverrides;
import dev.quayside.engine.taskdef.TaskDefinitionRequest;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of a task definition registration, mapped onto the engine's request on the agent. */
final class TaskDefSpec implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String file;
    private final LinkedHashMap<String, String> images;
    private final LinkedHashMap<String, LinkedHashMap<String, String>> environment = new LinkedHashMap<>();
    private final ArrayList<String> unsetEnvironment;
    private final String family;
    private final boolean createLogGroups;
    private final boolean preflight;

    TaskDefSpec(String file, Map<String, String> images, Map<String, Map<String, String>> environment, List<String> unsetEnvironment,
                String family, boolean createLogGroups, boolean preflight) {
        this.file = file;
        this.images = new LinkedHashMap<>(images);
        environment.forEach((container, vars) -> this.environment.put(container, new LinkedHashMap<>(vars)));
        this.unsetEnvironment = new ArrayList<>(unsetEnvironment);
        this.family = family;
        this.createLogGroups = createLogGroups;
        this.preflight = preflight;
    }

    boolean createLogGroups() {
        return createLogGroups;
    }

    /** {@code ${VAR}} in the file is taken from {@code variables}: the build's environment. */
    TaskDefinitionRequest request(Path workspace, Map<String, String> variables) {
        if (file == null) {
            throw QuaysideException.invalidInput("file", "a task definition file is required (JSON or YAML, relative to the workspace)");
        }
        TaskDefinitionOverrides.Builder overrides = TaskDefinitionOverrides.builder().images(images).family(family);
        environment.forEach((container, vars) -> vars.forEach((name, value) -> overrides.setEnvironment(container, name, value)));
        unsetEnvironment.forEach(overrides::removeEnvironment);
        return TaskDefinitionRequest.builder()
                .file(workspace.resolve(file))
                .overrides(overrides.build())
                .variables(variables)
                .createLogGroups(createLogGroups)
                .preflight(preflight)
                .build();
    }
}
