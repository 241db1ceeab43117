package dev.quayside.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.Scenario;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The stopped tasks' own last lines, read from the streams the simulated tasks write (awslogs options of
 * their task definition): identical tails grouped, and every reason not to show them a note, not a failure.
 */
class TaskLogsTest {
    private static final String REGION = "ap-southeast-1";
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-07-01T08:00:00Z"));
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));

    private EcsClient ecs;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void setUp() {
        AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDLOGS", "AWS_SECRET_ACCESS_KEY", "logs-secret"), REGION, null, null,
                Map.of("ecs", aws.endpoint(), "logs", aws.endpoint()));
        ecs = AwsClients.ecs(settings);
        logs = AwsClients.logs(settings);
        ecs.createCluster(b -> b.clusterName("prod"));
    }

    @AfterEach
    void close() {
        ecs.close();
        logs.close();
    }

    /** Two tasks of a service whose app fails its health checks, stopped. */
    private List<Task> failedTasks(String group) {
        ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256").memory("512").executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                    .containerDefinitions(ContainerDefinition.builder().name("web").image("public.ecr.aws/nginx/nginx:1")
                        .essential(true).logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS)
                                .options(Map.of("awslogs-group", group, "awslogs-region", REGION, "awslogs-stream-prefix", "ecs"))).build()));
        aws.simulator().ecsServices().scenario("web", Scenario.FAILING_HEALTH_CHECK);
        ecs.createService(b -> b.cluster("prod").serviceName("web").taskDefinition("web:1").desiredCount(2)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678"))));
        clock.advance(Duration.ofMinutes(3));
        List<String> arns = ecs.listTasks(b -> b.cluster("prod").serviceName("web").desiredStatus(DesiredStatus.STOPPED)).taskArns();
        return ecs.describeTasks(b -> b.cluster("prod").tasks(arns)).tasks();
    }

    @Test
    void theAppsOwnLastLines_areRead_andIdenticalTailsOfSeveralTasksAreGrouped() {
        logs.createLogGroup(b -> b.logGroupName("/ecs/web"));
        List<Task> stopped = failedTasks("/ecs/web");
        assertThat(stopped).hasSizeGreaterThanOrEqualTo(2);

        TaskLogs.Result read = new TaskLogs(ecs, logs, REGION).read(stopped, 3);

        assertThat(read.notes()).isEmpty();
        assertThat(read.tails()).singleElement().satisfies(t -> {
            assertThat(t.container()).isEqualTo("web");
            assertThat(t.taskIds()).hasSize(Math.min(stopped.size(), TaskLogs.MAX_TASKS));
            assertThat(t.lines()).containsExactly("Error: connect ECONNREFUSED 10.0.1.5:5432",
                    "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)", "GET /health 503 - database unavailable");
            assertThat(t.heading()).startsWith("Last 3 log lines of container web (" + t.taskIds().size() + " tasks: ");
        });
    }

    @Test
    void aMissingLogGroup_isANote_notAFailure() {
        List<Task> stopped = failedTasks("/ecs/nowhere");

        TaskLogs.Result read = new TaskLogs(ecs, logs, REGION).read(stopped, 30);

        assertThat(read.tails()).isEmpty();
        assertThat(read.notes()).isNotEmpty().allMatch(n -> n.contains("/ecs/nowhere"));
    }

    @Test
    void aGroupInAnotherRegion_isNotRead_andSaysSo() {
        logs.createLogGroup(b -> b.logGroupName("/ecs/web"));
        List<Task> stopped = failedTasks("/ecs/web");

        TaskLogs.Result read = new TaskLogs(ecs, logs, "eu-west-1").read(stopped, 30);

        assertThat(read.tails()).isEmpty();
        assertThat(read.notes()).containsExactly("container web logs to /ecs/web in " + REGION + ", not eu-west-1: not read");
    }
}
