package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.aws.AwsCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS CLI v2 (Debian's /usr/bin/aws) registering, reading and retiring the seed task definition,
 * and creating its awslogs group, in the seed's region.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcsTaskDefinitionsCliTest {

    private static final String REGION = "ap-southeast-1";
    private static final String ARN = "arn:aws:ecs:ap-southeast-1:123456789012:task-definition/myapp:1";
    private static final String ISO_TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00";

    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    @TempDir
    static Path home;

    private static AwsCli cli;

    @BeforeAll
    static void requireCli() {
        cli = AwsCli.against(aws.endpoint(), home).region(REGION);
    }

    private static RecordedRequest lastRequest(String operation) {
        List<RecordedRequest> requests = aws.requests(operation);
        return requests.get(requests.size() - 1);
    }

    @Test
    @Order(1)
    void registerTaskDefinition_fromTheSeedFile() throws IOException {
        Path file = Files.writeString(home.resolve("td.json"), EcsTaskDefinitionsTest.seed());

        Result registered = cli.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file);

        assertThat(registered.exitCode()).as(registered.stderr()).isZero();
        JsonNode taskDefinition = registered.json().get("taskDefinition");
        assertThat(taskDefinition.get("taskDefinitionArn").asText()).isEqualTo(ARN);
        assertThat(taskDefinition.get("revision").asInt()).isEqualTo(1);
        assertThat(taskDefinition.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(taskDefinition.get("compatibilities")).extracting(JsonNode::asText)
                .containsExactly("EC2", "FARGATE");
        assertThat(taskDefinition.get("registeredAt").asText()).matches(ISO_TIMESTAMP);
        assertThat(taskDefinition.at("/containerDefinitions/0/portMappings/0/hostPort").asInt()).isEqualTo(3000);
        assertThat(registered.json().get("tags").toString()).isEqualTo("[]");
        // The CLI sends the file's members as they are, in the file's order, adding nothing.
        RecordedRequest request = lastRequest("RegisterTaskDefinition");
        assertThat(request.body()).isEqualTo(Wire.JSON.readTree(EcsTaskDefinitionsTest.seed()));
        assertThat(request.region()).isEqualTo(REGION);
        assertThat(aws.simulator().ecsTaskDefinitions().families()).containsExactly("myapp");
    }

    @Test
    @Order(2)
    void describeTaskDefinition_byFamily() {
        Result described = cli.run("ecs", "describe-task-definition", "--task-definition", "myapp");

        assertThat(described.exitCode()).as(described.stderr()).isZero();
        JsonNode taskDefinition = described.json().get("taskDefinition");
        assertThat(taskDefinition.get("taskDefinitionArn").asText()).isEqualTo(ARN);
        assertThat(taskDefinition.get("cpu").asText()).isEqualTo("256");
        assertThat(taskDefinition.at("/containerDefinitions/0/secrets/0/name").asText()).isEqualTo("DATABASE_URL");
        assertThat(described.json().has("tags")).isFalse();
        assertThat(lastRequest("DescribeTaskDefinition").body().toString()).isEqualTo("{\"taskDefinition\":\"myapp\"}");
    }

    @Test
    @Order(3)
    void listTaskDefinitions() {
        Result listed = cli.run("ecs", "list-task-definitions");

        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.json().get("taskDefinitionArns")).extracting(JsonNode::asText).containsExactly(ARN);
    }

    @Test
    @Order(4)
    void deregisterTaskDefinition_byRevision() {
        Result deregistered = cli.run("ecs", "deregister-task-definition", "--task-definition", "myapp:1");

        assertThat(deregistered.exitCode()).as(deregistered.stderr()).isZero();
        JsonNode taskDefinition = deregistered.json().get("taskDefinition");
        assertThat(taskDefinition.get("status").asText()).isEqualTo("INACTIVE");
        assertThat(taskDefinition.get("deregisteredAt").asText()).matches(ISO_TIMESTAMP);
        assertThat(cli.run("ecs", "list-task-definitions").json().get("taskDefinitionArns")).isEmpty();
        assertThat(cli.run("ecs", "list-task-definitions", "--status", "INACTIVE").json().get("taskDefinitionArns"))
                .extracting(JsonNode::asText).containsExactly(ARN);
    }

    @Test
    @Order(5)
    void refusals_reachTheCliAsClientExceptions() throws IOException {
        Path file = Files.writeString(home.resolve("bridge.json"),
                EcsTaskDefinitionsTest.seed().replace("\"awsvpc\"", "\"bridge\""));

        Result refused = cli.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file);

        assertThat(refused.exitCode()).isEqualTo(254);
        assertThat(refused.stderr()).contains("An error occurred (ClientException) when calling the"
                + " RegisterTaskDefinition operation: Fargate only supports network mode \u2018awsvpc\u2019.");
        Result unknown = cli.run("ecs", "describe-task-definition", "--task-definition", "nothing");
        assertThat(unknown.exitCode()).isEqualTo(254);
        assertThat(unknown.stderr()).contains("(ClientException) when calling the DescribeTaskDefinition operation:"
                + " Unable to describe task definition.");
    }

    @Test
    @Order(6)
    void createLogGroup_forTheAwslogsDriver_thenDescribeLogGroups() {
        Result created = cli.run("logs", "create-log-group", "--log-group-name", "/ecs/myapp");

        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).isEmpty();
        Result described = cli.run("logs", "describe-log-groups");
        assertThat(described.exitCode()).as(described.stderr()).isZero();
        JsonNode group = described.json().get("logGroups").get(0);
        assertThat(group.get("logGroupName").asText()).isEqualTo("/ecs/myapp");
        // A long of epoch milliseconds, which the CLI leaves a number (unlike ECS's timestamps).
        assertThat(group.get("creationTime").isIntegralNumber()).isTrue();
        assertThat(group.get("arn").asText())
                .isEqualTo("arn:aws:logs:ap-southeast-1:123456789012:log-group:/ecs/myapp:*");
        assertThat(aws.simulator().logs().logGroups()).containsExactly("/ecs/myapp");

        Result again = cli.run("logs", "create-log-group", "--log-group-name", "/ecs/myapp");
        assertThat(again.exitCode()).isEqualTo(254);
        assertThat(again.stderr()).contains("An error occurred (ResourceAlreadyExistsException) when calling the"
                + " CreateLogGroup operation: The specified log group already exists");
    }
}
