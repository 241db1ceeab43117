package dev.quayside.engine.taskdef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.errors.QuaysideException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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
    /** Files are read up to this size (a task definition is well under ECS's 64 KiB even with comments and YAML). */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    /** What RegisterTaskDefinition accepts. */
    public static final int MAX_REGISTERED_BYTES = 64 * 1024;

    private final String source;
    private final ObjectNode tree;

    private TaskDefinitionDocument(String source, ObjectNode tree) {
        this.source = source;
        this.tree = tree;
    }

    public static TaskDefinitionDocument read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw QuaysideException.invalidInput("file", "cannot read " + file + ": " + (Files.exists(file) ? e.getMessage() : "it does not exist"));
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw QuaysideException.invalidInput("file", file + " is larger than " + MAX_FILE_BYTES / 1024 + " KiB; a task definition file is far smaller "
                    + "(ECS takes at most 64 KiB)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw QuaysideException.invalidInput("file", file + " is not UTF-8 text (a binary file?)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(file.toString(), text, name.endsWith(".yaml") || name.endsWith(".yml"));
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
        JsonNode root;
        try {
            root = yaml ? YamlTree.read(source, text) : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw QuaysideException.invalidInput(source, "is not valid JSON" + where + ": " + e.getOriginalMessage());
        }

        if (root == null || !root.isObject()) {
            throw QuaysideException.invalidInput(source, "must hold a JSON object (a task definition), not " + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
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
