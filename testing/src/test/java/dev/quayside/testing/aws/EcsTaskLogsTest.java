package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * What service tasks whose containers log with awslogs write, through the real SDK. Default timings: a
 * new service's tasks start 5 s after CreateService, run 35 s after it, and fail (or pass) their health
 * checks 30 s later.
 */
class EcsTaskLogsTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final String GROUP = "/ecs/shop";

    private final MutableClock clock = MutableClock.at(START);
    private AwsSimulator sim;
    private EcsClient ecs;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = Sdk.ecs(sim.endpoint());
        logs = Sdk.logs(sim.endpoint());
        ecs.createCluster(b -> b.clusterName("prod"));
    }

    @AfterEach
    void stop() {
        ecs.close();
        logs.close();
        sim.close();
    }

    /** Registers shop (container "web", port 8080, awslogs to {@value #GROUP} with prefix ecs) and creates its service. */
    private void createService(int tasks, Map<String, String> moreOptions) {
        Map<String, String> options = new HashMap<>(Map.of("awslogs-group", GROUP, "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", "ecs"));
        options.putAll(moreOptions);
        ecs.registerTaskDefinition(b -> b.family("shop").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .containerDefinitions(c -> c.name("web").image("shop:1.2").essential(true)
                        .portMappings(p -> p.containerPort(8080))
                        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(options))));
        ecs.createService(b -> b.cluster("prod").serviceName("shop").taskDefinition("shop").desiredCount(tasks)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678"))));
    }

    private List<String> taskIds(String desiredStatus) {
        return ecs.listTasks(b -> b.cluster("prod").serviceName("shop").desiredStatus(desiredStatus)).taskArns().stream()
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).toList();
    }

    private List<OutputLogEvent> events(String stream) {
        return logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(stream).startFromHead(true)).events();
    }

    @Test
    void aHealthyTask_writesItsStartupLines_underPrefixContainerTaskId_atTheInstantItRuns() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        createService(1, Map.of());
        clock.advance(Duration.ofSeconds(5));
        String task = taskIds("RUNNING").get(0);

        // Read long after, without an ECS call between: the lines carry the instant the task started running.
        clock.advance(Duration.ofMinutes(10));
        List<OutputLogEvent> events = events("ecs/web/" + task);

        assertThat(events).extracting(OutputLogEvent::message).containsExactly(
                "Starting server (NODE_ENV=production)",
                "Connected to PostgreSQL at 10.0.1.5:5432",
                "Listening on port 8080");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.timestamp()).isEqualTo(START.plusSeconds(35).toEpochMilli());
            assertThat(event.ingestionTime()).isEqualTo(START.plusSeconds(35).toEpochMilli());
        });
        assertThat(sim.logs().logStreams(GROUP)).containsExactly("ecs/web/" + task);
    }

    @Test
    void aFailingHealthCheckTask_writesTheAppsErrorToItsStream_underPrefixContainerTaskId() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        sim.ecsServices().scenario("shop", Scenario.FAILING_HEALTH_CHECK);
        createService(2, Map.of());
        clock.advance(Duration.ofSeconds(5));
        List<String> tasks = taskIds("RUNNING");

        clock.advance(Duration.ofSeconds(44));
        assertThat(sim.logs().messages(GROUP, "ecs/web/" + tasks.get(0))).containsExactly(
                "Starting server (NODE_ENV=production)", "Listening on port 8080");
        clock.advance(Duration.ofSeconds(1));
        List<String> expected = List.of(
                "Starting server (NODE_ENV=production)",
                "Listening on port 8080",
                "Error: connect ECONNREFUSED 10.0.1.5:5432",
                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)",
                "GET /health 503 - database unavailable");
        for (String task : tasks) {
            List<OutputLogEvent> events = events("ecs/web/" + task);
            assertThat(events).extracting(OutputLogEvent::message).isEqualTo(expected);
            // Halfway between RUNNING (+35 s) and the failed health check (+65 s).
            assertThat(events.get(2).timestamp()).isEqualTo(START.plusSeconds(50).toEpochMilli());
        }

        // The health checks fail at +65 s, the tasks are killed 30 s later and replaced: their
        // replacements write the same lines to streams of their own.
        clock.advance(Duration.ofMinutes(2));
        assertThat(taskIds("STOPPED")).containsAll(tasks);
        List<String> replacements = taskIds("RUNNING");
        assertThat(replacements).isNotEmpty().doesNotContainAnyElementsOf(tasks);
        List<FilteredLogEvent> errors = logs.filterLogEvents(b -> b.logGroupName(GROUP)
                .filterPattern("ECONNREFUSED")).events();
        assertThat(errors).extracting(FilteredLogEvent::message).containsOnly("Error: connect ECONNREFUSED 10.0.1.5:5432");
        assertThat(errors.stream().map(FilteredLogEvent::logStreamName).distinct().toList())
                .hasSizeGreaterThan(2).contains("ecs/web/" + tasks.get(0), "ecs/web/" + tasks.get(1));
    }

    @Test
    void aTaskThatCannotPullItsImage_writesNothing() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        sim.ecsServices().scenario("shop", Scenario.CANNOT_PULL);
        createService(1, Map.of());

        clock.advance(Duration.ofMinutes(2));

        assertThat(taskIds("STOPPED")).isNotEmpty();
        assertThat(logs.describeLogStreams(b -> b.logGroupName(GROUP)).logStreams()).isEmpty();
    }

    @Test
    void tasksWriteNothing_whenTheirGroupDoesNotExist_unlessTheyMayCreateIt() {
        createService(1, Map.of());
        clock.advance(Duration.ofMinutes(1));

        assertThat(sim.logs().logGroups()).isEmpty();
    }

    @Test
    void withAwslogsCreateGroup_theFirstTaskCreatesTheGroup() {
        createService(1, Map.of("awslogs-create-group", "true"));
        clock.advance(Duration.ofMinutes(1));

        assertThat(logs.describeLogGroups().logGroups()).singleElement()
                .satisfies(group -> assertThat(group.logGroupName()).isEqualTo(GROUP));
        assertThat(sim.logs().messages(GROUP, "ecs/web/" + taskIds("RUNNING").get(0))).hasSize(3);
    }
}
