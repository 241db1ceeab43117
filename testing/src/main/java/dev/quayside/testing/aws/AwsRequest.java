package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A routed request as a service handler sees it, with readers for the top-level members of its body.
 *
 * <p>The readers treat an absent member and an explicit JSON null alike, answer a member of the wrong
 * JSON type with {@code SerializationException} and a missing required member with
 * {@code InvalidParameterException}, as the AWS front ends do.
 *
 * @param accessKeyId null when the request was unsigned
 */
public record AwsRequest(String targetPrefix, String operation, String region, String accessKeyId, JsonNode body) {

    /**
     * Refuses a top-level member that the operation's input shape does not have. SDKs and the CLI never
     * send one (they refuse unknown parameters themselves), so this only answers hand-made requests; the
     * wording is the simulator's, AWS's own for this case is not documented.
     */
    public void refuseUnknownMembers(Set<String> known) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw AwsError.serialization("Unrecognized field '" + name + "' in the " + operation + " request");
            }
        }
    }

    /** The member's node, or a missing node. */
    public JsonNode member(String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? MissingNode.getInstance() : node;
    }

    public String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> AwsError.invalidParameter(name, "Member must not be null"));
    }

    public Optional<String> optionalString(String name) {
        return string(member(name), name);
    }

    public Optional<Integer> optionalInt(String name) {
        JsonNode node = member(name);
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt()) {
            throw AwsError.serialization("Expected an integer for '" + name + "'");
        }
        return Optional.of(node.intValue());
    }

    /** The members of a list of strings; empty when absent. */
    public List<String> stringList(String name) {
        JsonNode node = member(name);
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw AwsError.serialization("Expected a list for '" + name + "'");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            values.add(string(element, name).orElseThrow(
                    () -> AwsError.serialization("Expected strings in '" + name + "'")));
        }
        return List.copyOf(values);
    }

    /** A structure member; a missing node when absent. */
    public JsonNode structure(String name) {
        JsonNode node = member(name);
        if (!node.isMissingNode() && !node.isObject()) {
            throw AwsError.serialization("Expected a structure for '" + name + "'");
        }
        return node;
    }

    /** A node (for example a member of a nested structure) as a string; {@code name} is for messages. */
    public static Optional<String> string(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw AwsError.serialization("Expected a string for '" + name + "'");
        }
        return Optional.of(node.textValue());
    }
}
