package dev.quayside.engine.taskdef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.document.Documents;
import java.nio.file.Path;
import java.util.List;

/**
 * A task definition as the user wrote it: the {@code register-task-definition --cli-input-json} format
 * or the output of {@code describe-task-definition} (read-only fields stripped, the
 * {@code {"taskDefinition": ...}} wrapper and its top-level {@code tags} accepted), from JSON or YAML.
 * Immutable: every change makes a new document.
 */
public final class TaskDefinitionDocument {
    /** Fields describe-task-definition returns that register-task-definition refuses. */
    static final List<String> READ_ONLY = List.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
            "compatibilities", "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();
    /** What RegisterTaskDefinition accepts. */
    public static final int MAX_REGISTERED_BYTES = 64 * 1024;

    private final String source;
    private final ObjectNode tree;

    private TaskDefinitionDocument(String source, ObjectNode tree) {
        this.source = source;
        this.tree = tree;
    }

    public static TaskDefinitionDocument read(Path file) {
        return of(file.toString(), Documents.read(file, "a task definition"));
    }

    /** The size of the document as it is sent (compact JSON), which ECS limits to {@link #MAX_REGISTERED_BYTES}. */
    public int sizeAsSent() {
        try {
            return COMPACT.writeValueAsBytes(tree).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TaskDefinitionDocument parse(String source, String text, boolean yaml) {
        return of(source, Documents.parse(source, text, yaml, "a task definition"));
    }

    private static TaskDefinitionDocument of(String source, ObjectNode root) {
        ObjectNode tree = (ObjectNode) root.deepCopy();
        if (tree.has("taskDefinition") && tree.get("taskDefinition").isObject()) {
            ObjectNode inner = (ObjectNode) tree.get("taskDefinition").deepCopy();
            JsonNode tags = tree.get("tags");
            if (tags != null && tags.isArray() && !tags.isEmpty()) {
                inner.set("tags", tags);
            }
            tree = inner;
        }
        for (String field : READ_ONLY) {
            tree.remove(field);
        }
        return new TaskDefinitionDocument(source, tree);
    }

    /** Where the document came from (a file name), for messages. */
    public String source() {
        return source;
    }

    /** A copy of the JSON tree. */
    public ObjectNode json() {
        return tree.deepCopy();
    }

    TaskDefinitionDocument with(ObjectNode newTree) {
        return new TaskDefinitionDocument(source, newTree.deepCopy());
    }

    ArrayNode containers() {
        JsonNode c = tree.get("containerDefinitions");
        return c != null && c.isArray() ? (ArrayNode) c.deepCopy() : JSON.createArrayNode();
    }

    /** The document as pretty JSON, exactly what would be registered. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TaskDefinitionDocument[" + source + ", family " + tree.path("family").asText("?") + "]";
    }
}
