package dev.quayside.engine.taskdef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.document.Documents;
import dev.quayside.engine.document.Problems;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the task definition a release registers: {@code ${VAR}} substituted from the given
 * environment (an undefined variable is an error naming it and where; {@code $${VAR}} stays literal),
 * then the overrides applied. Overrides that name a container the file does not have are errors.
 */
public final class TaskDefinitionRenderer {
    private TaskDefinitionRenderer() {
    }

    public static TaskDefinitionDocument render(TaskDefinitionDocument document, TaskDefinitionOverrides overrides, Map<String, String> environment) {
        Problems problems = new Problems(document.source());
        ObjectNode tree = Documents.substitute(document.json(), environment, problems);
        problems.throwIfAny();

        ArrayNode containers = tree.get("containerDefinitions") instanceof ArrayNode ? (ArrayNode) tree.get("containerDefinitions") : null;
        List<String> names = new ArrayList<>();
        if (containers != null) {
            containers.forEach(c -> names.add(c.path("name").asText(null)));
        }
        checkNames(problems, "images", overrides.imagesByContainer().keySet(), names);
        checkNames(problems, "environment", overrides.environmentSet().keySet(), names);
        checkNames(problems, "unsetEnvironment", overrides.environmentRemove().keySet(), names);
        for (String repository : overrides.imagesByRepository().keySet()) {
            boolean used = false;
            if (containers != null) {
                for (JsonNode c : containers) {
                    used |= repositoryOf(c.path("image").asText("")).equals(repository);
                }
            }
            if (!used) {
                problems.error("imagesByRepository." + repository, "no container uses repository '" + repository + "'");
            }
        }
        problems.throwIfAny();

        if (overrides.family() != null) {
            tree.put("family", overrides.family());
        }
        if (containers != null) {
            for (JsonNode node : containers) {
                ObjectNode c = (ObjectNode) node;
                String name = c.path("name").asText();
                String byRepository = overrides.imagesByRepository().get(repositoryOf(c.path("image").asText("")));
                if (byRepository != null) {
                    c.put("image", byRepository);
                }
                if (overrides.imagesByContainer().containsKey(name)) {
                    c.put("image", overrides.imagesByContainer().get(name));
                }
                applyEnvironment(c, overrides.environmentSet().getOrDefault(name, Map.of()), overrides.environmentRemove().getOrDefault(name, Set.of()));
            }
        }
        return document.with(tree);
    }

    private static void checkNames(Problems problems, String field, Set<String> wanted, List<String> names) {
        for (String name : wanted) {
            if (!names.contains(name)) {
                problems.error(field + "." + name, "no container named '" + name + "' (the task definition has: " + String.join(", ", names) + ")");
            }
        }
    }

    /** The image without its tag or digest: {@code host/repo:tag@sha256:...} gives {@code host/repo}. */
    static String repositoryOf(String image) {
        String s = image;
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    private static void applyEnvironment(ObjectNode container, Map<String, String> set, Set<String> remove) {
        if (set.isEmpty() && remove.isEmpty()) {
            return;
        }
        ArrayNode env = container.get("environment") instanceof ArrayNode ? (ArrayNode) container.get("environment") : container.putArray("environment");
        for (Iterator<JsonNode> it = env.elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            String name = e.path("name").asText();
            if (remove.contains(name) || set.containsKey(name)) {
                it.remove();
            }
        }
        set.forEach((name, value) -> env.addObject().put("name", name).put("value", value));
    }
}
