package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.testing.time.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EcsTaskDefinitionsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00.250Z");
    private static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:123456789012:task-definition/";
    private static final String TROUBLESHOOTING =
            " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

    private MutableClock clock;
    private AwsSimulator sim;

    @BeforeEach
    void start() {
        clock = MutableClock.at(NOW);
        sim = AwsSimulator.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static String seed() {
        try (InputStream in = EcsTaskDefinitions.class.getResourceAsStream("seed-task-definition.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed task definition, changed by {@code change}. */
    private static String seedWith(Consumer<ObjectNode> change) {
        try {
            ObjectNode seed = (ObjectNode) Wire.JSON.readTree(seed());
            change.accept(seed);
            return seed.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode container(ObjectNode taskDefinition) {
        return (ObjectNode) taskDefinition.get("containerDefinitions").get(0);
    }

    private Wire.Response call(String operation, String body) {
        return Wire.post(sim.endpoint(), EcsTaskDefinitions.TARGET_PREFIX + "." + operation, body);
    }

    private JsonNode register(String body) {
        Wire.Response response = call("RegisterTaskDefinition", body);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static void assertError(Wire.Response response, String code, String message) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo(code);
        assertThat(response.json().get("__type").asText()).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isEqualTo(message);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void register_answersWithTheTaskDefinitionAsEcsStoresIt() throws IOException {
        Wire.Response response = call("RegisterTaskDefinition", seed());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        JsonNode expected = Wire.JSON.readTree("""
                {"taskDefinition": {
                  "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/myapp:1",
                  "containerDefinitions": [{
                    "name": "myapp",
                    "image": "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/myapp:1.0",
                    "cpu": 0,
                    "portMappings": [{"containerPort": 3000, "hostPort": 3000, "protocol": "tcp"}],
                    "essential": true,
                    "environment": [{"name": "NODE_ENV", "value": "production"}],
                    "mountPoints": [],
                    "volumesFrom": [],
                    "secrets": [{"name": "DATABASE_URL",
                      "valueFrom": "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:myapp/db-url"}],
                    "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/myapp",
                      "awslogs-region": "ap-southeast-1", "awslogs-stream-prefix": "ecs"}},
                    "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:3000/health || exit 1"],
                      "interval": 30, "timeout": 5, "retries": 3},
                    "systemControls": []
                  }],
                  "family": "myapp",
                  "taskRoleArn": "arn:aws:iam::123456789012:role/ecsTaskRole",
                  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                  "networkMode": "awsvpc",
                  "revision": 1,
                  "volumes": [],
                  "status": "ACTIVE",
                  "requiresAttributes": [
                    {"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
                    {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.24"},
                    {"name": "ecs.capability.execution-role-awslogs"},
                    {"name": "com.amazonaws.ecs.capability.ecr-auth"},
                    {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.19"},
                    {"name": "ecs.capability.secrets.asm.environment-variables"},
                    {"name": "com.amazonaws.ecs.capability.task-iam-role"},
                    {"name": "ecs.capability.container-health-check"},
                    {"name": "ecs.capability.execution-role-ecr-pull"},
                    {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"},
                    {"name": "ecs.capability.task-eni"}
                  ],
                  "placementConstraints": [],
                  "compatibilities": ["EC2", "FARGATE"],
                  "requiresCompatibilities": ["FARGATE"],
                  "cpu": "256",
                  "memory": "512",
                  "registeredAt": 1735689600.25,
                  "registeredBy": "arn:aws:sts::123456789012:assumed-role/simulator/quayside"
                },
                "tags": []}""");
        assertThat(response.json()).isEqualTo(expected);
        // Members in the order of the API model, as ECS writes them.
        JsonNode taskDefinition = response.json().get("taskDefinition");
        assertThat(fieldNames(taskDefinition)).isEqualTo(fieldNames(expected.get("taskDefinition")));
        assertThat(fieldNames(container((ObjectNode) taskDefinition)))
                .isEqualTo(fieldNames(expected.get("taskDefinition").get("containerDefinitions").get(0)));
        assertThat(response.text()).contains("\"registeredAt\":1735689600.25,");
    }

    @Test
    void register_countsRevisionsPerFamily() {
        JsonNode first = register(seed());
        JsonNode second = register(seed());
        JsonNode other = register(seedWith(td -> td.put("family", "worker")));

        assertThat(first.at("/taskDefinition/revision").asInt()).isEqualTo(1);
        assertThat(second.at("/taskDefinition/revision").asInt()).isEqualTo(2);
        assertThat(second.at("/taskDefinition/taskDefinitionArn").asText()).isEqualTo(ARN_PREFIX + "myapp:2");
        assertThat(other.at("/taskDefinition/revision").asInt()).isEqualTo(1);
        assertThat(other.at("/taskDefinition/taskDefinitionArn").asText()).isEqualTo(ARN_PREFIX + "worker:1");
        assertThat(sim.ecsTaskDefinitions().families()).containsExactly("myapp", "worker");
        assertThat(sim.ecsTaskDefinitions().registrationCount()).isEqualTo(3);
    }

    @Test
    void register_fillsInTheDefaultsOfABridgeTask() {
        JsonNode taskDefinition = register("""
                {"family":"web","containerDefinitions":[
                  {"name":"web","image":"nginx:1.27","memory":128,"portMappings":[{"containerPort":80}]}]}""")
                .get("taskDefinition");

        assertThat(taskDefinition.get("containerDefinitions").get(0).toString()).isEqualTo("{\"name\":\"web\","
                + "\"image\":\"nginx:1.27\",\"cpu\":0,\"memory\":128,"
                + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0,\"protocol\":\"tcp\"}],\"essential\":true,"
                + "\"environment\":[],\"mountPoints\":[],\"volumesFrom\":[],\"systemControls\":[]}");
        assertThat(taskDefinition.has("networkMode")).isFalse();
        assertThat(taskDefinition.has("cpu")).isFalse();
        assertThat(taskDefinition.get("requiresAttributes").toString()).isEqualTo("[]");
        assertThat(taskDefinition.get("compatibilities").toString()).isEqualTo("[\"EC2\"]");
        assertThat(taskDefinition.get("volumes").toString()).isEqualTo("[]");
    }

    @Test
    void register_normalisesVcpuAndGigabytes() {
        JsonNode taskDefinition = register(seedWith(td -> td.put("cpu", "1 vCPU").put("memory", "2GB")))
                .get("taskDefinition");

        assertThat(taskDefinition.get("cpu").asText()).isEqualTo("1024");
        assertThat(taskDefinition.get("memory").asText()).isEqualTo("2048");
        assertThat(register(seedWith(td -> td.put("cpu", ".25 vcpu").put("memory", "0.5 GB")))
                .at("/taskDefinition/cpu").asText()).isEqualTo("256");
    }

    @Test
    void register_listsFargateAmongCompatibilitiesWheneverFargateCouldRunTheTask() {
        JsonNode ec2Only = register(seedWith(td -> td.remove("requiresCompatibilities"))).get("taskDefinition");
        JsonNode bridge = register(seedWith(td -> {
            td.remove("requiresCompatibilities");
            td.put("networkMode", "bridge");
        })).get("taskDefinition");

        assertThat(ec2Only.get("compatibilities").toString()).isEqualTo("[\"EC2\",\"FARGATE\"]");
        assertThat(ec2Only.has("requiresCompatibilities")).isFalse();
        assertThat(bridge.get("compatibilities").toString()).isEqualTo("[\"EC2\"]");
        assertThat(bridge.at("/containerDefinitions/0/portMappings/0/hostPort").asInt()).isZero();
    }

    @Test
    void register_echoesEveryModelledMemberAndIgnoresUnknownOnes() {
        JsonNode taskDefinition = register(seedWith(td -> {
            td.put("pidMode", "task").put("enableFaultInjection", true).put("notAMember", 1);
            td.putObject("ephemeralStorage").put("sizeInGiB", 30);
            td.putObject("runtimePlatform").put("cpuArchitecture", "ARM64").put("operatingSystemFamily", "LINUX");
            td.putArray("volumes").addObject().put("name", "data").putObject("efsVolumeConfiguration")
                    .put("fileSystemId", "fs-1").put("transitEncryption", "ENABLED");
            ObjectNode container = container(td);
            container.putArray("command").add("node").add("server.js");
            container.put("readonlyRootFilesystem", true).put("stopTimeout", 30).put("unknownToo", "x");
            container.putObject("linuxParameters").put("initProcessEnabled", true);
            container.putArray("dependsOn");
            container.putObject("dockerLabels").put("team", "core");
            container.putArray("mountPoints").addObject().put("sourceVolume", "data").put("containerPath", "/data");
        })).get("taskDefinition");

        assertThat(taskDefinition.get("pidMode").asText()).isEqualTo("task");
        assertThat(taskDefinition.get("enableFaultInjection").asBoolean()).isTrue();
        assertThat(taskDefinition.get("ephemeralStorage").toString()).isEqualTo("{\"sizeInGiB\":30}");
        assertThat(taskDefinition.get("runtimePlatform").toString())
                .isEqualTo("{\"cpuArchitecture\":\"ARM64\",\"operatingSystemFamily\":\"LINUX\"}");
        assertThat(taskDefinition.at("/volumes/0/efsVolumeConfiguration/fileSystemId").asText()).isEqualTo("fs-1");
        assertThat(taskDefinition.has("notAMember")).isFalse();
        JsonNode container = taskDefinition.get("containerDefinitions").get(0);
        assertThat(container.get("command").toString()).isEqualTo("[\"node\",\"server.js\"]");
        assertThat(container.get("readonlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.get("linuxParameters").toString()).isEqualTo("{\"initProcessEnabled\":true}");
        assertThat(container.get("dockerLabels").toString()).isEqualTo("{\"team\":\"core\"}");
        assertThat(container.at("/mountPoints/0/containerPath").asText()).isEqualTo("/data");
        assertThat(container.has("unknownToo")).isFalse();
        assertThat(taskDefinition.get("requiresAttributes")).extracting(a -> a.get("name").asText())
                .contains("ecs.capability.container-ordering");
    }

    @Test
    void register_answersTheTagsItWasGiven() {
        JsonNode response =
                register(seedWith(td -> td.putArray("tags").addObject().put("key", "team").put("value", "core")));

        assertThat(response.get("tags").toString()).isEqualTo("[{\"key\":\"team\",\"value\":\"core\"}]");
        assertThat(response.get("taskDefinition").has("tags")).isFalse();
    }

    static Stream<Arguments> refusedRegistrations() {
        return Stream.of(
                Arguments.of(seedWith(td -> td.remove("family")), "Family can not be blank."),
                Arguments.of(seedWith(td -> td.put("family", "")), "Family can not be blank."),
                Arguments.of(seedWith(td -> td.put("family", "my app")), "Family contains invalid characters."),
                Arguments.of(seedWith(td -> td.put("family", "a".repeat(256))), "Family contains invalid characters."),
                Arguments.of(seedWith(td -> td.putArray("containerDefinitions")), "Container list cannot be empty."),
                Arguments.of(seedWith(td -> td.remove("containerDefinitions")), "Container list cannot be empty."),
                Arguments.of(seedWith(td -> container(td).remove("name")),
                        "Container.name should not be null or empty."),
                Arguments.of(seedWith(td -> container(td).put("name", "my app")),
                        "Container.name contains invalid characters."),
                Arguments.of(seedWith(td -> container(td).put("image", "")),
                        "Container.image should not be null or empty."),
                Arguments.of(seedWith(td -> ((ArrayNode) td.get("containerDefinitions")).add(container(td).deepCopy())),
                        "Container names must be unique within a Task Definition."),
                Arguments.of(seedWith(td -> td.put("taskRoleArn", "arn:aws:iam::123:role/x")), "Role is not valid"),
                Arguments.of(seedWith(td -> td.put("executionRoleArn", "")), "Role is not valid"),
                Arguments.of(seedWith(td -> td.put("networkMode", "bridge")),
                        "Fargate only supports network mode \u2018awsvpc\u2019."),
                Arguments.of(seedWith(td -> td.remove("networkMode")),
                        "Fargate only supports network mode \u2018awsvpc\u2019."),
                Arguments.of(seedWith(td -> td.remove("cpu")),
                        "Fargate requires that 'cpu' be defined at the task level."),
                Arguments.of(seedWith(td -> td.put("cpu", "300")), "Invalid 'cpu' setting for task." + TROUBLESHOOTING),
                Arguments.of(seedWith(td -> td.put("cpu", "2 cores")), "Invalid 'cpu' setting for task."
                        + TROUBLESHOOTING),
                Arguments.of(seedWith(td -> td.put("memory", "1.5")), "Invalid 'memory' setting for task."
                        + TROUBLESHOOTING),
                Arguments.of(seedWith(td -> td.remove("memory")),
                        "Fargate requires that 'memory' be defined at the task level."),
                Arguments.of(seedWith(td -> td.put("memory", "4096")), "No Fargate configuration exists for given"
                        + " values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values."),
                Arguments.of(seedWith(td -> td.put("cpu", "8192").put("memory", "18432")), "No Fargate configuration"
                        + " exists for given values: 8192 CPU, 18432 memory. See the Amazon ECS documentation for the"
                        + " valid values."),
                Arguments.of(seedWith(td -> td.put("ipcMode", "task")),
                        "Tasks using the Fargate launch type do not support ipcMode."),
                Arguments.of(seedWith(td -> td.remove("executionRoleArn")),
                        "Fargate requires task definition to have execution role ARN to support ECR images."),
                Arguments.of(seedWith(td -> {
                    td.remove("executionRoleArn");
                    container(td).put("image", "node:22");
                }), "Fargate requires task definition to have execution role ARN to support log driver awslogs."),
                Arguments.of(seedWith(td -> {
                    td.remove("requiresCompatibilities");
                    td.remove("cpu");
                    td.remove("memory");
                }), "Invalid setting for container 'myapp'. At least one of 'memory' or 'memoryReservation' must be"
                        + " specified."),
                Arguments.of(seedWith(td -> {
                    td.remove("requiresCompatibilities");
                    td.put("cpu", "64");
                }), "Invalid 'cpu' setting for task." + TROUBLESHOOTING),
                Arguments.of(seedWith(td -> ((ObjectNode) container(td).at("/portMappings/0")).put("hostPort", 8080)),
                        "When networkMode=awsvpc, the host ports and container ports in port mappings must match."),
                Arguments.of(seedWith(td -> {
                    td.remove("requiresCompatibilities");
                    td.remove("executionRoleArn");
                }), "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."),
                Arguments.of(seedWith(td -> {
                    td.remove("requiresCompatibilities");
                    td.remove("executionRoleArn");
                    container(td).remove("secrets");
                    container(td).putObject("repositoryCredentials").put("credentialsParameter", "arn:aws:x");
                }), "Private repository authentication requires that the task definition specify a value for"
                        + " executionRoleArn."));
    }

    @ParameterizedTest
    @MethodSource("refusedRegistrations")
    void register_refusesAsEcsDoes(String body, String message) {
        assertError(call("RegisterTaskDefinition", body), "ClientException", message);
        assertThat(sim.ecsTaskDefinitions().registrationCount()).isZero();
        assertThat(sim.ecsTaskDefinitions().families()).isEmpty();
    }

    @Test
    void register_refusesMembersOfTheWrongType() {
        assertError(call("RegisterTaskDefinition", seedWith(td -> td.put("cpu", 256))),
                "SerializationException", "Expected a string for 'cpu'");
        assertError(call("RegisterTaskDefinition", seedWith(td -> container(td).put("memory", "lots"))),
                "SerializationException", "Expected an integer for 'containerDefinitions.memory'");
        assertError(call("RegisterTaskDefinition", seedWith(td -> container(td).put("portMappings", "3000"))),
                "SerializationException", "Expected a list for 'containerDefinitions.portMappings'");
        assertError(call("RegisterTaskDefinition", seedWith(td -> td.put("networkMode", "overlay"))),
                "InvalidParameterException", "Invalid parameter at 'networkMode' failed to satisfy constraint:"
                        + " 'Member must satisfy enum value set: [bridge, host, awsvpc, none]'");
    }

    @Test
    void describe_findsByFamilyRevisionAndArn() throws IOException {
        register(seed());
        register(seedWith(td -> td.put("memory", "1024")));

        JsonNode latest = call("DescribeTaskDefinition", "{\"taskDefinition\":\"myapp\"}").json();
        JsonNode first = call("DescribeTaskDefinition", "{\"taskDefinition\":\"myapp:1\"}").json();
        JsonNode byArn = call("DescribeTaskDefinition", "{\"taskDefinition\":\"" + ARN_PREFIX + "myapp:2\"}").json();

        assertThat(latest.at("/taskDefinition/revision").asInt()).isEqualTo(2);
        assertThat(latest.at("/taskDefinition/memory").asText()).isEqualTo("1024");
        assertThat(latest.has("tags")).isFalse();
        assertThat(first.at("/taskDefinition/revision").asInt()).isEqualTo(1);
        assertThat(first.at("/taskDefinition/memory").asText()).isEqualTo("512");
        assertThat(byArn).isEqualTo(latest);
        assertThat(latest.get("taskDefinition"))
                .isEqualTo(Wire.JSON.readTree(sim.ecsTaskDefinitions().resolve("myapp").orElseThrow().toString()));
    }

    @Test
    void describe_answersTagsWhenAskedFor() {
        register(seedWith(td -> td.putArray("tags").addObject().put("key", "team").put("value", "core")));
        register(seedWith(td -> td.put("family", "untagged")));

        assertThat(call("DescribeTaskDefinition", "{\"taskDefinition\":\"myapp\",\"include\":[\"TAGS\"]}").json()
                .get("tags").toString()).isEqualTo("[{\"key\":\"team\",\"value\":\"core\"}]");
        assertThat(call("DescribeTaskDefinition", "{\"taskDefinition\":\"untagged\",\"include\":[\"TAGS\"]}").json()
                .get("tags").toString()).isEqualTo("[]");
        assertError(call("DescribeTaskDefinition", "{\"taskDefinition\":\"myapp\",\"include\":[\"LABELS\"]}"),
                "InvalidParameterException",
                "Invalid parameter at 'include' failed to satisfy constraint:"
                        + " 'Member must satisfy enum value set: [TAGS]'");
    }

    @Test
    void describe_refusesWhatDoesNotExist() {
        register(seed());

        for (String id : List.of("other", "myapp:2", "myapp:0", "myapp:x", "my app",
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/myapp:1")) {
            assertError(call("DescribeTaskDefinition", "{\"taskDefinition\":\"" + id + "\"}"), "ClientException",
                    "Unable to describe task definition.");
        }
    }

    @Test
    void list_sortsByFamilyAndRevision() {
        register(seedWith(td -> td.put("family", "web")));
        register(seed());
        register(seed());

        assertThat(call("ListTaskDefinitions", "{}").json().get("taskDefinitionArns"))
                .extracting(JsonNode::asText)
                .containsExactly(ARN_PREFIX + "myapp:1", ARN_PREFIX + "myapp:2", ARN_PREFIX + "web:1");
        assertThat(call("ListTaskDefinitions", "{\"sort\":\"DESC\"}").json().get("taskDefinitionArns"))
                .extracting(JsonNode::asText)
                .containsExactly(ARN_PREFIX + "web:1", ARN_PREFIX + "myapp:2", ARN_PREFIX + "myapp:1");
        // familyPrefix is the whole family name, not a prefix.
        assertThat(call("ListTaskDefinitions", "{\"familyPrefix\":\"myapp\"}").json().get("taskDefinitionArns"))
                .hasSize(2);
        assertThat(call("ListTaskDefinitions", "{\"familyPrefix\":\"my\"}").text())
                .isEqualTo("{\"taskDefinitionArns\":[]}");
    }

    @Test
    void list_pagesAndFiltersByStatus() {
        for (int i = 0; i < 3; i++) {
            register(seed());
        }
        call("DeregisterTaskDefinition", "{\"taskDefinition\":\"myapp:2\"}");

        JsonNode first = call("ListTaskDefinitions", "{\"maxResults\":1}").json();
        JsonNode second = call("ListTaskDefinitions",
                "{\"maxResults\":1,\"nextToken\":\"" + first.get("nextToken").asText() + "\"}").json();

        assertThat(first.get("taskDefinitionArns")).extracting(JsonNode::asText)
                .containsExactly(ARN_PREFIX + "myapp:1");
        assertThat(second.get("taskDefinitionArns")).extracting(JsonNode::asText)
                .containsExactly(ARN_PREFIX + "myapp:3");
        assertThat(second.has("nextToken")).isFalse();
        assertThat(call("ListTaskDefinitions", "{\"status\":\"INACTIVE\"}").json().get("taskDefinitionArns"))
                .extracting(JsonNode::asText).containsExactly(ARN_PREFIX + "myapp:2");
        assertError(call("ListTaskDefinitions", "{\"maxResults\":101}"), "InvalidParameterException",
                "Invalid parameter at 'maxResults' failed to satisfy constraint:"
                        + " 'Member must have value less than or equal to 100'");
        assertError(call("ListTaskDefinitions", "{\"status\":\"GONE\"}"), "InvalidParameterException",
                "Invalid parameter at 'status' failed to satisfy constraint:"
                        + " 'Member must satisfy enum value set: [ACTIVE, INACTIVE, DELETE_IN_PROGRESS]'");
    }

    @Test
    void deregister_makesARevisionInactive() {
        register(seed());
        register(seed());
        clock.set(NOW.plusSeconds(60));

        JsonNode deregistered = call("DeregisterTaskDefinition", "{\"taskDefinition\":\"myapp:2\"}").json()
                .get("taskDefinition");

        assertThat(deregistered.get("status").asText()).isEqualTo("INACTIVE");
        assertThat(deregistered.get("deregisteredAt").decimalValue()).isEqualByComparingTo("1735689660.25");
        assertThat(deregistered.get("registeredAt").decimalValue()).isEqualByComparingTo("1735689600.25");
        assertThat(fieldNames(deregistered)).containsSubsequence("registeredAt", "deregisteredAt", "registeredBy");
        // The family now means its latest ACTIVE revision; the inactive one stays describable.
        assertThat(sim.ecsTaskDefinitions().resolve("myapp").orElseThrow().get("revision").asInt()).isEqualTo(1);
        assertThat(call("DescribeTaskDefinition", "{\"taskDefinition\":\"myapp:2\"}").json()
                .at("/taskDefinition/status").asText()).isEqualTo("INACTIVE");
        clock.set(NOW.plusSeconds(120));
        assertThat(call("DeregisterTaskDefinition", "{\"taskDefinition\":\"" + ARN_PREFIX + "myapp:2\"}").json()
                .at("/taskDefinition/deregisteredAt").decimalValue()).isEqualByComparingTo("1735689660.25");

        call("DeregisterTaskDefinition", "{\"taskDefinition\":\"myapp:1\"}");
        assertThat(sim.ecsTaskDefinitions().resolve("myapp")).isEmpty();
        assertError(call("DescribeTaskDefinition", "{\"taskDefinition\":\"myapp\"}"), "ClientException",
                "Unable to describe task definition.");
    }

    @Test
    void deregister_needsAnExistingRevision() {
        register(seed());

        assertError(call("DeregisterTaskDefinition", "{\"taskDefinition\":\"myapp\"}"), "ClientException",
                "The specified task definition identifier is invalid. Specify a valid revision.");
        assertError(call("DeregisterTaskDefinition", "{\"taskDefinition\":\"myapp:7\"}"), "ClientException",
                "The specified task definition does not exist.");
        assertError(call("DeregisterTaskDefinition", "{}"), "InvalidParameterException",
                "Invalid parameter at 'taskDefinition' failed to satisfy constraint: 'Member must not be null'");
        assertThat(sim.ecsTaskDefinitions().resolve("myapp:1").orElseThrow().get("status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void resolve_answersCopies() {
        register(seed());

        ObjectNode resolved = sim.ecsTaskDefinitions().resolve(ARN_PREFIX + "myapp:1").orElseThrow();
        resolved.put("family", "changed");
        container(resolved).put("image", "changed");

        JsonNode again = sim.ecsTaskDefinitions().resolve("myapp:1").orElseThrow();
        assertThat(again.get("family").asText()).isEqualTo("myapp");
        assertThat(container((ObjectNode) again).get("image").asText()).endsWith("/myapp:1.0");
        assertThat(sim.ecsTaskDefinitions().resolve("nothing")).isEmpty();
        assertThat(sim.ecsTaskDefinitions().resolve("myapp:2")).isEmpty();
    }

    @Test
    void register_numbersConcurrentRevisionsWithoutGapsOrRepeats() {
        List<CompletableFuture<Integer>> registrations = IntStream.range(0, 24)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> register(seed()).at("/taskDefinition/revision").asInt()))
                .toList();

        assertThat(registrations.stream().map(CompletableFuture::join))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 24).boxed().toList());
        assertThat(sim.ecsTaskDefinitions().registrationCount()).isEqualTo(24);
    }

    @Test
    void otherEcsOperations_areLeftToEcsServices() {
        assertThat(sim.ecsTaskDefinitions().operations()).doesNotContain("CreateService");
    }
}
