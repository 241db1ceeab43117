package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** ECS calls over the wire for the ECS simulator's tests, and readers for their answers. */
final class EcsWire {

    static final String ECS = EcsTaskDefinitions.TARGET_PREFIX;

    private final URI endpoint;

    EcsWire(URI endpoint) {
        this.endpoint = endpoint;
    }

    Wire.Response post(String operation, String body) {
        return Wire.post(endpoint, ECS + "." + operation, body);
    }

    /** The answer of a call that must succeed. */
    JsonNode call(String operation, String body) {
        Wire.Response response = post(operation, body);
        assertThat(response.status()).as(operation + " answered " + response.text()).isEqualTo(200);
        return response.json();
    }

    JsonNode call(String operation, ObjectNode body) {
        return call(operation, body.toString());
    }

    /** Registers a one-container task definition and returns its ARN. */
    String register(String family, String image) {
        return register(family, image, null);
    }

    /** Registers a one-container (app) task definition mapping {@code port} unless null; returns its ARN. */
    String register(String family, String image, Integer port) {
        ObjectNode body = Wire.JSON.createObjectNode().put("family", family)
                .put("networkMode", "awsvpc").put("cpu", "256").put("memory", "512")
                .put("executionRoleArn", "arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        body.putArray("requiresCompatibilities").add("FARGATE");
        ObjectNode container = body.putArray("containerDefinitions").addObject()
                .put("name", "app").put("image", image).put("essential", true);
        if (port != null) {
            container.putArray("portMappings").addObject().put("containerPort", port);
        }
        return call("RegisterTaskDefinition", body).path("taskDefinition").path("taskDefinitionArn").asText();
    }

    void createCluster(String name) {
        call("CreateCluster", "{\"clusterName\":\"" + name + "\"}");
    }

    /** A Fargate service with the circuit breaker as given. */
    JsonNode createService(String cluster, String name, String taskDefinition, int desiredCount, boolean breaker,
            boolean rollback) {
        ObjectNode body = Wire.JSON.createObjectNode().put("cluster", cluster).put("serviceName", name)
                .put("taskDefinition", taskDefinition).put("desiredCount", desiredCount).put("launchType", "FARGATE");
        ObjectNode configuration = body.putObject("deploymentConfiguration");
        configuration.putObject("deploymentCircuitBreaker").put("enable", breaker).put("rollback", rollback);
        configuration.put("maximumPercent", 200).put("minimumHealthyPercent", 100);
        body.putObject("networkConfiguration").putObject("awsvpcConfiguration")
                .put("assignPublicIp", "DISABLED").putArray("subnets").add("subnet-0123456789abcdef0");
        return call("CreateService", body).path("service");
    }

    JsonNode updateService(String cluster, String name, String taskDefinition) {
        return call("UpdateService", Wire.JSON.createObjectNode().put("cluster", cluster).put("service", name)
                .put("taskDefinition", taskDefinition)).path("service");
    }

    JsonNode describeService(String cluster, String name) {
        JsonNode answer = call("DescribeServices", "{\"cluster\":\"" + cluster + "\",\"services\":[\"" + name + "\"]}");
        assertThat(answer.path("failures")).as(answer.toString()).isEmpty();
        return answer.path("services").path(0);
    }

    static JsonNode deployment(JsonNode service, String status) {
        for (JsonNode deployment : service.path("deployments")) {
            if (deployment.path("status").asText().equals(status)) {
                return deployment;
            }
        }
        throw new AssertionError("no " + status + " deployment in " + service.path("deployments"));
    }

    /** The events' messages, newest first, as DescribeServices lists them. */
    static List<String> messages(JsonNode service) {
        List<String> messages = new ArrayList<>();
        service.path("events").forEach(event -> messages.add(event.path("message").asText()));
        return messages;
    }

    JsonNode describeTasks(String cluster, List<String> arns) {
        ObjectNode body = Wire.JSON.createObjectNode().put("cluster", cluster);
        arns.forEach(body.putArray("tasks")::add);
        return call("DescribeTasks", body).path("tasks");
    }

    List<String> listTasks(String cluster, String query) {
        List<String> arns = new ArrayList<>();
        call("ListTasks", "{\"cluster\":\"" + cluster + "\"" + (query.isEmpty() ? "" : "," + query) + "}")
                .path("taskArns").forEach(arn -> arns.add(arn.asText()));
        return arns;
    }

    static String taskId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
