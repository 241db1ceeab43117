package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.HostTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    // Explicit path: another aws (a pyenv shim, v1) may come first on PATH.
    private static final Path AWS_CLI = Path.of("/usr/bin/aws");
    private static final String REGION = "ap-southeast-1";
    private static final String ARN = "arn:aws:ecs:ap-southeast-1:123456789012:task-definition/myapp:1";
    private static final String ISO_TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00";

    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    @TempDir
    static Path home;

    private record Cli(int exitCode, String stdout, String stderr) {

        JsonNode json() {
            try {
                return Wire.JSON.readTree(stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(stdout + stderr, e);
            }
        }
    }

    @BeforeAll
    static void requireCli() {
        HostTools.requireAt(AWS_CLI, "awscli");
    }

    private static Cli cli(String... args) {
        List<String> command = new ArrayList<>(List.of(AWS_CLI.toString(), "--endpoint-url", aws.endpoint().toString(),
                "--region", REGION, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("HOME", home.toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String stdout = read(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Cli(process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordedRequest lastRequest(String operation) {
        List<RecordedRequest> requests = aws.requests(operation);
        return requests.get(requests.size() - 1);
    }

    @Test
    @Order(1)
    void registerTaskDefinition_fromTheSeedFile() throws IOException {
        Path file = Files.writeString(home.resolve("td.json"), EcsTaskDefinitionsTest.seed());

        Cli registered = cli("ecs", "register-task-definition", "--cli-input-json", "file://" + file);

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
        Cli described = cli("ecs", "describe-task-definition", "--task-definition", "myapp");

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
        Cli listed = cli("ecs", "list-task-definitions");

        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.json().get("taskDefinitionArns")).extracting(JsonNode::asText).containsExactly(ARN);
    }

    @Test
    @Order(4)
    void deregisterTaskDefinition_byRevision() {
        Cli deregistered = cli("ecs", "deregister-task-definition", "--task-definition", "myapp:1");

        assertThat(deregistered.exitCode()).as(deregistered.stderr()).isZero();
        JsonNode taskDefinition = deregistered.json().get("taskDefinition");
        assertThat(taskDefinition.get("status").asText()).isEqualTo("INACTIVE");
        assertThat(taskDefinition.get("deregisteredAt").asText()).matches(ISO_TIMESTAMP);
        assertThat(cli("ecs", "list-task-definitions").json().get("taskDefinitionArns")).isEmpty();
        assertThat(cli("ecs", "list-task-definitions", "--status", "INACTIVE").json().get("taskDefinitionArns"))
                .extracting(JsonNode::asText).containsExactly(ARN);
    }

    @Test
    @Order(5)
    void refusals_reachTheCliAsClientExceptions() throws IOException {
        Path file = Files.writeString(home.resolve("bridge.json"),
                EcsTaskDefinitionsTest.seed().replace("\"awsvpc\"", "\"bridge\""));

        Cli refused = cli("ecs", "register-task-definition", "--cli-input-json", "file://" + file);

        assertThat(refused.exitCode()).isEqualTo(254);
        assertThat(refused.stderr()).contains("An error occurred (ClientException) when calling the"
                + " RegisterTaskDefinition operation: Fargate only supports network mode \u2018awsvpc\u2019.");
        Cli unknown = cli("ecs", "describe-task-definition", "--task-definition", "nothing");
        assertThat(unknown.exitCode()).isEqualTo(254);
        assertThat(unknown.stderr()).contains("(ClientException) when calling the DescribeTaskDefinition operation:"
                + " Unable to describe task definition.");
    }

    @Test
    @Order(6)
    void createLogGroup_forTheAwslogsDriver_thenDescribeLogGroups() {
        Cli created = cli("logs", "create-log-group", "--log-group-name", "/ecs/myapp");

        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).isEmpty();
        Cli described = cli("logs", "describe-log-groups");
        assertThat(described.exitCode()).as(described.stderr()).isZero();
        JsonNode group = described.json().get("logGroups").get(0);
        assertThat(group.get("logGroupName").asText()).isEqualTo("/ecs/myapp");
        // A long of epoch milliseconds, which the CLI leaves a number (unlike ECS's timestamps).
        assertThat(group.get("creationTime").isIntegralNumber()).isTrue();
        assertThat(group.get("arn").asText())
                .isEqualTo("arn:aws:logs:ap-southeast-1:123456789012:log-group:/ecs/myapp:*");
        assertThat(aws.simulator().logs().logGroups()).containsExactly("/ecs/myapp");

        Cli again = cli("logs", "create-log-group", "--log-group-name", "/ecs/myapp");
        assertThat(again.exitCode()).isEqualTo(254);
        assertThat(again.stderr()).contains("An error occurred (ResourceAlreadyExistsException) when calling the"
                + " CreateLogGroup operation: The specified log group already exists");
    }
}
