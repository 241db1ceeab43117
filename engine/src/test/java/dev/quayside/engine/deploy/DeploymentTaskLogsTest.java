package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.Scenario;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/** A rollout that fails its health checks: the verdict carries the app's own last lines, unless turned off. */
class DeploymentTaskLogsTest {
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
        logs.createLogGroup(b -> b.logGroupName("/ecs/web"));
        for (String tag : new String[] {"1", "2"}) {
            ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256").memory("512").executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                    .containerDefinitions(ContainerDefinition.builder().name("web").image("public.ecr.aws/nginx/nginx:" + tag)
                            .essential(true).logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS)
                                    .options(Map.of("awslogs-group", "/ecs/web", "awslogs-region", REGION, "awslogs-stream-prefix", "ecs"))).build()));
        }
        aws.simulator().ecsServices().scenario("web", Scenario.HEALTHY);
        ecs.createService(b -> b.cluster("prod").serviceName("web").taskDefinition("web:1").desiredCount(2)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")))
                .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        clock.advance(Duration.ofMinutes(5));
        aws.simulator().ecsServices().scenario("web", Scenario.FAILING_HEALTH_CHECK);
    }

    @AfterEach
    void close() {
        ecs.close();
        logs.close();
    }

    private DeploymentResult deploy(Integer logLines) {
        return deploy(logLines, e -> { });
    }

    private DeploymentResult deploy(Integer logLines, ProgressListener listener) {
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        DeploymentWatcher watcher = new DeploymentWatcher(ecs, scheduler, clock, REGION, new TaskLogs(ecs, logs, REGION));
        Watch watch = new Deployer(ecs, watcher, null).deploy(DeployRequest.builder().cluster("prod").service("web").taskDefinition("web:2")
                .logLines(logLines).timeout(Duration.ofMinutes(30)).build(), listener, s -> { });
        scheduler.runUntil(watch.result()::isDone, Duration.ofMinutes(31));
        return watch.await();
    }

    @Test
    void aFailedRollout_carriesTheStoppedTasksOwnLastLines_grouped() {
        DeploymentResult r = deploy(null);

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(r.taskLogs()).singleElement().satisfies(t -> {
            assertThat(t.container()).isEqualTo("web");
            assertThat(t.taskIds()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(t.lines()).endsWith("Error: connect ECONNREFUSED 10.0.1.5:5432",
                    "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)", "GET /health 503 - database unavailable");
        });
    }

    @Test
    void aTaskOfOursThatStopsWhileTheRolloutGoesOn_showsItsOwnLastLinesUnderItsStoppedLine_beforeAnyVerdict() {
        List<Event> events = new CopyOnWriteArrayList<>();
        deploy(null, events::add);

        List<String> types = events.stream().map(Event::type).toList();
        int firstStop = types.indexOf("deploy.stopped");
        int verdict = types.indexOf("deploy.verdict");
        assertThat(firstStop).isPositive().isLessThan(verdict);
        List<String> underIt = events.subList(firstStop + 1, verdict).stream().filter(e -> e.type().equals("deploy.tasklog")).map(Event::message).toList();
        assertThat(underIt).contains("    | Error: connect ECONNREFUSED 10.0.1.5:5432");
        assertThat(underIt.get(0)).startsWith("  ").contains("web");
    }

    @Test
    void logLinesZero_turnsThemOff() {
        List<Event> events = new CopyOnWriteArrayList<>();
        DeploymentResult r = deploy(0, events::add);

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(r.taskLogs()).isEmpty();
        assertThat(events).extracting(Event::type).doesNotContain("deploy.tasklog");
    }
}
