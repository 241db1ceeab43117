package dev.quayside.engine.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.document.Documents;
import dev.quayside.engine.document.Problems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * A service as the user wrote it: the {@code aws ecs create-service --cli-input-json} format, or one
 * service of {@code describe-services} output (read-only fields such as {@code deployments},
 * {@code events}, {@code runningCount} dropped; {@code clusterArn} read as the cluster), JSON or YAML,
 * with {@code ${VAR}} substituted as in task definitions. Immutable.
 */
public final class ServiceDefinition {
    /** Fields describe-services returns that create-service does not take. */
    static final List<String> READ_ONLY = List.of("serviceArn", "clusterArn", "status", "runningCount", "pendingCount", "platformFamily",
            "taskSets", "deployments", "roleArn", "events", "createdAt", "createdBy", "currentServiceDeployment", "currentServiceRevisions",
            "resourceManagementType");
    /** Fields of create-service that UpdateService cannot change: a difference is refused, not silently kept. */
    static final List<String> CREATE_ONLY = List.of("serviceName", "clientToken", "launchType", "role", "schedulingStrategy", "deploymentController", "tags");
    // Unknown fields are refused; a number or boolean given as a string is read as one, so that
    // `desiredCount: ${TASKS}` works after substitution (which yields text).
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private final String source;
    private final ObjectNode tree;
    private final CreateServiceRequest request;

    private ServiceDefinition(String source, ObjectNode tree, CreateServiceRequest request) {
        this.source = source;
        this.tree = tree;
        this.request = request;
    }

    /** Reads, substitutes {@code ${VAR}} from {@code variables} and binds the file; every problem at once, naming its field. */
    public static ServiceDefinition read(Path file, Map<String, String> variables) {
        return of(file.toString(), Documents.read(file, "a service definition"), variables);
    }

    public static ServiceDefinition parse(String source, String text, boolean yaml, Map<String, String> variables) {
        return of(source, Documents.parse(source, text, yaml, "a service definition"), variables);
    }

    private static ServiceDefinition of(String source, ObjectNode root, Map<String, String> variables) {
        Problems problems = new Problems(source);
        ObjectNode tree = root;
        JsonNode services = root.get("services");
        if (services != null && services.isArray()) {
            if (services.size() != 1 || !services.get(0).isObject()) {
                problems.error("services", "describe-services output must hold exactly one service here, it holds " + services.size());
                problems.throwIfAny();
            }
            tree = (ObjectNode) services.get(0);
        }
        tree = tree.deepCopy();
        JsonNode clusterArn = tree.get("clusterArn");
        if (!tree.has("cluster") && clusterArn != null && clusterArn.isTextual()) {
            tree.put("cluster", clusterArn.asText().substring(clusterArn.asText().lastIndexOf('/') + 1));
        }
        tree.remove(READ_ONLY);
        tree = Documents.substitute(tree, variables, problems);
        problems.throwIfAny();
        CreateServiceRequest request = bind(tree, CreateServiceRequest.serializableBuilderClass(), problems);
        problems.throwIfAny();
        return new ServiceDefinition(source, tree, request);
    }

    private static <R> R bind(ObjectNode tree, Class<? extends SdkBuilder<?, R>> builder, Problems problems) {
        return Documents.bind(STRICT, tree, builder, problems, "read-only fields of describe-services are removed; this one is not a create-service field");
    }

    public String source() {
        return source;
    }

    /** The CreateService request the file describes, as given (cluster and task definition may still be set by the deploy). */
    public CreateServiceRequest createRequest() {
        return request;
    }

    /** Whether the file gives {@code field} (absent fields are left as the service has them on an update). */
    boolean has(String field) {
        return tree.has(field);
    }

    /**
     * The UpdateService request for an existing service: every field the file gives that UpdateService
     * can change; {@code taskDefinition}, {@code cluster} and {@code service} as the deploy decides.
     */
    UpdateServiceRequest updateRequest(String cluster, String service, String taskDefinition, Problems problems) {
        ObjectNode update = tree.deepCopy();
        update.remove(CREATE_ONLY);
        update.put("cluster", cluster);
        update.put("service", service);
        if (taskDefinition != null) {
            update.put("taskDefinition", taskDefinition);
        }
        return bind(update, UpdateServiceRequest.serializableBuilderClass(), problems);
    }

    @Override
    public String toString() {
        return "ServiceDefinition[" + source + ", service " + tree.path("serviceName").asText("?") + "]";
    }
}
