package dev.quayside.engine.taskdef;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.events.Event;
import dev.quayside.testing.aws.AwsCli;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Registration against the simulator, checked against what the real AWS CLI sends for the same file. */
class TaskDefinitionServiceTest {
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EcsClient ecs;
    private static CloudWatchLogsClient logs;

    @TempDir
    Path tmp;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private TaskDefinitionService service;

    @BeforeAll
    static void clients() {
        AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s"), "ap-southeast-1", null, null,
                Map.of("ecs", aws.endpoint(), "logs", aws.endpoint()));
        ecs = AwsClients.ecs(settings);
        logs = AwsClients.logs(settings);
    }

    @AfterAll
    static void close() {
        ecs.close();
        logs.close();
    }

    @BeforeEach
    void setUp() {
        aws.clearJournal();
        service = new TaskDefinitionService(ecs, logs, "ap-southeast-1", events::add);
    }

    private static Path resource(String name) throws Exception {
        return TaskDefinitionCorpusTest.resource(name);
    }

    private String cli(String... args) {
        AwsCli.Result result = AwsCli.against(aws.endpoint(), tmp).region("ap-southeast-1").credentials("AKIDCLI", "s")
                .run(args);
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        return result.stdout();
    }

    private static JsonNode lastBody(String operation) {
        List<RecordedRequest> r = aws.requests(operation);
        return r.get(r.size() - 1).body();
    }

    @Test
    void register_seedSendsTheSameRequestAsTheAwsCli() throws Exception {
        RegisteredTaskDefinition ours = service.run(TaskDefinitionRequest.builder().file(resource("valid/seed.json")).build()).registered().orElseThrow();
        JsonNode oursSent = lastBody("RegisterTaskDefinition");

        cli("ecs", "register-task-definition", "--cli-input-json", "file://" + resource("valid/seed.json"));
        JsonNode cliSent = lastBody("RegisterTaskDefinition");

        assertThat(oursSent).isEqualTo(cliSent);
        assertThat(ours.family()).isEqualTo("myapp");
        assertThat(ours.taskDefinitionArn()).isEqualTo("arn:aws:ecs:ap-southeast-1:123456789012:task-definition/myapp:" + ours.revision());
    }

    @Test
    void describeOutput_roundTripsWithOnlyImageAndRevisionChanged() throws Exception {
        service.run(TaskDefinitionRequest.builder().file(resource("valid/seed.json")).build());
        Path described = Files.writeString(tmp.resolve("described.json"), cli("ecs", "describe-task-definition", "--task-definition", "myapp", "--include", "TAGS"));
        String newImage = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/myapp:2.0";

        RegisteredTaskDefinition again = service.run(TaskDefinitionRequest.builder().file(described)
                .overrides(TaskDefinitionOverrides.builder().image("myapp", newImage).build()).build()).registered().orElseThrow();
        ObjectNode before = (ObjectNode) JSON.readTree(described.toFile()).get("taskDefinition");
        ObjectNode after = (ObjectNode) JSON.readTree(cli("ecs", "describe-task-definition", "--task-definition", again.familyRevision())).get("taskDefinition");

        assertThat(after.at("/containerDefinitions/0/image").asText()).isEqualTo(newImage);
        assertThat(after.get("revision").asInt()).isEqualTo(before.get("revision").asInt() + 1);
        for (ObjectNode td : List.of(before, after)) {
            td.remove(List.of("revision", "taskDefinitionArn", "registeredAt"));
            ((ObjectNode) td.at("/containerDefinitions/0")).remove("image");
        }
        assertThat(after).isEqualTo(before);
    }

    @Test
    void register_yamlWithVariables_keepsEmptyValuesOnPurpose() throws Exception {
        RegisteredTaskDefinition r = service.run(TaskDefinitionRequest.builder().file(resource("valid/seed-with-variables.yaml"))
                .variables(Map.of("VERSION", "3.1")).build()).registered().orElseThrow();

        JsonNode sent = lastBody("RegisterTaskDefinition");
        assertThat(sent.at("/containerDefinitions/0/image").asText()).endsWith("myapp:3.1");
        assertThat(sent.at("/containerDefinitions/0/environment").toString()).contains("{\"name\":\"EMPTY_ON_PURPOSE\",\"value\":\"\"}");
        assertThat(sent.get("memory").asText()).isEqualTo("0.5GB");
        assertThat(r.revision()).isPositive();
    }

    @Test
    void createLogGroups_createsMissingGroupsOnceAndIsIdempotent() throws Exception {
        TaskDefinitionRequest request = TaskDefinitionRequest.builder().file(resource("valid/seed.json")).createLogGroups(true).build();
        service.run(request);
        service.run(request);

        assertThat(aws.simulator().logs().logGroups()).contains("/ecs/myapp");
        assertThat(aws.requests("CreateLogGroup")).hasSize(2);
        assertThat(events).filteredOn(e -> e.message().equals("Created log group /ecs/myapp")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void renderOnly_sendsNothingAndWarnsAboutLatest() throws Exception {
        Path latest = Files.writeString(tmp.resolve("latest.json"), Files.readString(resource("valid/seed.json")).replace("myapp:1.0", "myapp:latest"));
        TaskDefinitionResult result = service.run(TaskDefinitionRequest.builder().file(latest).renderOnly(true).build());

        assertThat(aws.requests()).isEmpty();
        assertThat(result.warnings()).anyMatch(w -> w.startsWith("containerDefinitions[0].image") && w.contains(":latest"));
        assertThat(events).anyMatch(e -> e.level() == Event.Level.WARNING);
    }
}
