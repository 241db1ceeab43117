package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One registered revision of a task definition family. The JSON it holds is never handed out:
 * {@link #json()} and {@link #tagsJson()} answer new trees, so the record stays an immutable snapshot.
 *
 * @param definition what {@link TaskDefinitionRules#check} made of the request
 * @param deregisteredAt present once deregistered, which makes the revision INACTIVE
 */
record TaskDefinitionRevision(String arn, String family, int revision, ObjectNode definition, ArrayNode tags,
        Instant registeredAt, String registeredBy, Optional<Instant> deregisteredAt) {

    /** The members of the API's TaskDefinition structure, in the order ECS answers them. */
    private static final List<String> MEMBERS = List.of("taskDefinitionArn", "containerDefinitions", "family",
            "taskRoleArn", "executionRoleArn", "networkMode", "revision", "volumes", "status", "requiresAttributes",
            "placementConstraints", "compatibilities", "runtimePlatform", "requiresCompatibilities", "cpu", "memory",
            "inferenceAccelerators", "pidMode", "ipcMode", "proxyConfiguration", "registeredAt", "deregisteredAt",
            "registeredBy", "ephemeralStorage", "enableFaultInjection");

    String status() {
        return deregisteredAt.isPresent() ? "INACTIVE" : "ACTIVE";
    }

    boolean active() {
        return deregisteredAt.isEmpty();
    }

    /** This revision INACTIVE since {@code at}; deregistering again keeps the first time. */
    TaskDefinitionRevision deregister(Instant at) {
        return active() ? new TaskDefinitionRevision(arn, family, revision, definition, tags, registeredAt,
                registeredBy, Optional.of(at)) : this;
    }

    /** The TaskDefinition structure of the API. */
    ObjectNode json() {
        ObjectNode json = AwsJson.object();
        for (String member : MEMBERS) {
            switch (member) {
                case "taskDefinitionArn" -> json.put(member, arn);
                case "revision" -> json.put(member, revision);
                case "status" -> json.put(member, status());
                case "registeredAt" -> json.put(member, AwsJson.epochSeconds(registeredAt));
                case "deregisteredAt" -> deregisteredAt.ifPresent(at -> json.put(member, AwsJson.epochSeconds(at)));
                case "registeredBy" -> json.put(member, registeredBy);
                default -> {
                    JsonNode value = definition.get(member);
                    if (value != null) {
                        json.set(member, value.deepCopy());
                    }
                }
            }
        }
        return json;
    }

    ArrayNode tagsJson() {
        return tags.deepCopy();
    }
}
