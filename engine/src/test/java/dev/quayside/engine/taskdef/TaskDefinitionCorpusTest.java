package dev.quayside.engine.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Every broken task definition fails before any request, naming the field or variable; every valid one passes. */
class TaskDefinitionCorpusTest {
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    private static EcsClient ecs;
    private static CloudWatchLogsClient logs;

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

    static Path resource(String name) throws URISyntaxException {
        return Path.of(TaskDefinitionCorpusTest.class.getResource("/taskdef/" + name).toURI());
    }

    static Stream<Arguments> brokenCases() throws IOException, URISyntaxException {
        List<String> lines = Files.readAllLines(resource("broken/cases.tsv"));
        return lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t", 2)).map(p -> Arguments.of(p[0], p[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCases")
    void brokenTaskDefinition_failsBeforeAnyRequestNamingTheField(String file, String expected) throws Exception {
        aws.clearJournal();
        TaskDefinitionService service = new TaskDefinitionService(ecs, logs, "ap-southeast-1", ProgressListener.NONE);

        assertThatThrownBy(() -> service.run(TaskDefinitionRequest.builder().file(resource("broken/" + file)).createLogGroups(true)
                .variables(Map.of("NODE_ENV", "production")).build()))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining(expected);
        assertThat(aws.requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validTaskDefinition_passesEveryCheck(String file) throws Exception {
        TaskDefinitionResult result = new TaskDefinitionService(null, null, "ap-southeast-1", ProgressListener.NONE)
                .run(TaskDefinitionRequest.builder().file(resource("valid/" + file)).variables(Map.of("VERSION", "1.0")).renderOnly(true).build());
        assertThat(result.registered()).isEmpty();
        assertThat(result.renderedJson()).contains("\"family\"");
    }

    static Stream<String> validFiles() {
        return Stream.of("seed.json", "seed-with-variables.yaml", "describe-output.json", "ec2-bridge.json", "multi-container.json");
    }

    @org.junit.jupiter.api.Test
    void corpus_hasAtLeastFortyCases() throws Exception {
        assertThat(brokenCases().count()).isGreaterThanOrEqualTo(40);
    }
}
