package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.Sdk.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * One-off tasks through the real SDK: RunTask, their lifecycle to the essential container's exit, StopTask,
 * and what they write to their awslogs streams. Default timings: RUNNING 30 s after RunTask, the exit
 * 30 s later.
 */
class EcsRunTaskTest {

    private static final Instant START = Instant.parse("2026-01-10T09:00:00Z");
    private static final String IPE = "InvalidParameterException";
    private static final String GROUP = "/ecs/shop-migrate";

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
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        register("shop-migrate", ContainerDefinition.builder().name("migrate").image("shop:1.2").essential(true)
                .command("npm", "run", "migrate")
                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", GROUP,
                        "awslogs-region", "us-east-1", "awslogs-stream-prefix", "ecs")))
                .build());
    }

    @AfterEach
    void stop() {
        ecs.close();
        logs.close();
        sim.close();
    }

    private void register(String family, ContainerDefinition... containers) {
        ecs.registerTaskDefinition(b -> b.family(family).networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .containerDefinitions(containers));
    }

    private RunTaskResponse runTask(Consumer<RunTaskRequest.Builder> more) {
        return ecs.runTask(b -> {
            b.cluster("prod").taskDefinition("shop-migrate").launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")));
            more.accept(b);
        });
    }

    private Task describe(String arn) {
        return ecs.describeTasks(b -> b.cluster("prod").tasks(arn)).tasks().get(0);
    }

    private static String id(Task task) {
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    }

    private List<String> messages(String stream) {
        return logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(stream).startFromHead(true)).events()
                .stream().map(OutputLogEvent::message).toList();
    }

    @Test
    void runTask_answersProvisioningTasks_inTheFamilysGroup() {
        RunTaskResponse answer = runTask(b -> b.count(2).startedBy("quayside"));

        assertThat(answer.failures()).isEmpty();
        assertThat(answer.tasks()).hasSize(2).allSatisfy(task -> {
            assertThat(task.lastStatus()).isEqualTo("PROVISIONING");
            assertThat(task.desiredStatus()).isEqualTo("RUNNING");
            assertThat(task.group()).isEqualTo("family:shop-migrate");
            assertThat(task.startedBy()).isEqualTo("quayside");
            assertThat(task.launchType()).isEqualTo(LaunchType.FARGATE);
            assertThat(task.platformVersion()).isEqualTo("1.4.0");
            assertThat(task.taskArn()).startsWith("arn:aws:ecs:us-east-1:123456789012:task/prod/");
            assertThat(task.taskDefinitionArn()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:task-definition/shop-migrate:1");
            assertThat(task.containers()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("migrate"));
            assertThat(task.overrides().containerOverrides()).isEmpty();
        });
        assertThat(runTask(b -> b.group("migrations")).tasks().get(0).group()).isEqualTo("migrations");
        assertThat(runTask(b -> { }).tasks().get(0).startedBy()).isNull();
    }

    @Test
    void runTask_runsToItsExit_withExitCode0_andWritesTheMigrationLines() {
        Task started = runTask(b -> { }).tasks().get(0);

        clock.advance(Duration.ofSeconds(10));
        assertThat(describe(started.taskArn()).lastStatus()).isEqualTo("PENDING");
        clock.advance(Duration.ofSeconds(20));
        Task running = describe(started.taskArn());
        assertThat(running.lastStatus()).isEqualTo("RUNNING");
        assertThat(running.startedAt()).isEqualTo(START.plusSeconds(30));
        String stream = "ecs/migrate/" + id(started);
        assertThat(messages(stream)).containsExactly("Connected to PostgreSQL at 10.0.1.5:5432",
                "Running migration 20260101_add_orders ...");

        clock.advance(Duration.ofSeconds(30));
        Task stopped = describe(started.taskArn());
        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
        assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
        assertThat(stopped.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(stopped.stoppedAt()).isEqualTo(START.plusSeconds(60));
        assertThat(stopped.executionStoppedAt()).isEqualTo(START.plusSeconds(60));
        assertThat(stopped.containers().get(0).exitCode()).isZero();
        assertThat(messages(stream)).containsExactly("Connected to PostgreSQL at 10.0.1.5:5432",
                "Running migration 20260101_add_orders ...",
                "Running migration 20260101_add_orders ... done",
                "Migrations complete: 1 applied");
    }

    @Test
    void runTask_withExitCode1_stopsWithTheExitCodeAndTheEssentialContainerReason() {
        sim.ecsServices().runTaskExitCode("shop-migrate", 1);
        sim.ecsServices().runTaskDuration(Duration.ofMinutes(2));
        Task started = runTask(b -> { }).tasks().get(0);

        clock.advance(Duration.ofSeconds(30 + 119));
        assertThat(describe(started.taskArn()).lastStatus()).isEqualTo("RUNNING");
        clock.advance(Duration.ofSeconds(1));

        Task stopped = describe(started.taskArn());
        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
        assertThat(stopped.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(1);
        List<OutputLogEvent> events = logs.getLogEvents(b -> b.logGroupName(GROUP)
                .logStreamName("ecs/migrate/" + id(started)).startFromHead(true)).events();
        assertThat(events).extracting(OutputLogEvent::message).containsExactly(
                "Connected to PostgreSQL at 10.0.1.5:5432",
                "Running migration 20260101_add_orders ...",
                "Running migration 20260101_add_orders ... failed",
                "error: relation \"orders\" already exists",
                "Migration failed, exiting with code 1");
        assertThat(events.get(0).timestamp()).isEqualTo(START.plusSeconds(30).toEpochMilli());
        assertThat(events.get(4).timestamp()).isEqualTo(START.plusSeconds(150).toEpochMilli());
    }

    @Test
    void runTask_withASidecar_endsTheSidecarWithSigterm() {
        register("jobs", ContainerDefinition.builder().name("job").image("job:1").essential(true).build(),
                ContainerDefinition.builder().name("proxy").image("envoy:1").essential(false).build());
        sim.ecsServices().runTaskExitCode("jobs", 3);
        Task started = runTask(b -> b.taskDefinition("jobs")).tasks().get(0);

        clock.advance(Duration.ofMinutes(1));

        assertThat(describe(started.taskArn()).containers()).extracting(c -> c.name() + "=" + c.exitCode())
                .containsExactly("job=3", "proxy=143");
    }

    @Test
    void stopTask_stopsARunningTask_userInitiated() {
        Task started = runTask(b -> { }).tasks().get(0);
        clock.advance(Duration.ofSeconds(40));

        Task stopping = ecs.stopTask(b -> b.cluster("prod").task(started.taskArn()).reason("Release 1.2 cancelled")).task();

        assertThat(stopping.lastStatus()).isEqualTo("RUNNING");
        assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopping.stopCode()).isEqualTo(TaskStopCode.USER_INITIATED);
        assertThat(stopping.stoppedReason()).isEqualTo("Release 1.2 cancelled");
        assertThat(stopping.stoppingAt()).isEqualTo(START.plusSeconds(40));
        // The stop timeout (30 s) passes, then the container is killed; the migration's exit never comes.
        clock.advance(Duration.ofSeconds(29));
        assertThat(describe(started.taskArn()).lastStatus()).isEqualTo("RUNNING");
        clock.advance(Duration.ofSeconds(1));
        Task stopped = describe(started.taskArn());
        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.USER_INITIATED);
        assertThat(stopped.containers().get(0).exitCode()).isEqualTo(137);
        assertThat(messages("ecs/migrate/" + id(started))).doesNotContain("Migrations complete: 1 applied");
        // Stopping it again answers it as it is.
        assertThat(ecs.stopTask(b -> b.cluster("prod").task(id(started))).task().stoppedReason())
                .isEqualTo("Release 1.2 cancelled");
    }

    @Test
    void stopTask_beforeTheTaskRuns_stopsItAtOnce_withTheDefaultReason() {
        Task started = runTask(b -> { }).tasks().get(0);

        Task stopped = ecs.stopTask(b -> b.cluster("prod").task(id(started))).task();

        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).isEqualTo("Task stopped by user");
        assertThat(stopped.containers().get(0).exitCode()).isNull();
        clock.advance(Duration.ofMinutes(2));
        assertThat(describe(started.taskArn()).lastStatus()).isEqualTo("STOPPED");
        assertThat(sim.logs().logStreams(GROUP)).isEmpty();
    }

    @Test
    void stopTask_ofAServiceTask_letsTheSchedulerReplaceIt() {
        ecs.registerTaskDefinition(b -> b.family("shop").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("app").image("nginx:1.27").essential(true)));
        ecs.createService(b -> b.cluster("prod").serviceName("shop").taskDefinition("shop").desiredCount(1)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678"))));
        clock.advance(Duration.ofMinutes(2));
        String first = ecs.listTasks(b -> b.cluster("prod").serviceName("shop")).taskArns().get(0);

        ecs.stopTask(b -> b.cluster("prod").task(first).reason("Scaling test"));
        clock.advance(Duration.ofSeconds(5));

        List<String> running = ecs.listTasks(b -> b.cluster("prod").serviceName("shop")).taskArns();
        assertThat(running).hasSize(1).doesNotContain(first);
        assertThat(describe(first).stopCode()).isEqualTo(TaskStopCode.USER_INITIATED);
    }

    @Test
    void stopTask_ofAnUnknownTask_isInvalidParameter() {
        assertRefused(() -> ecs.stopTask(b -> b.cluster("prod").task("0123456789abcdef0123456789abcdef")), IPE,
                "The referenced task was not found.");
        assertRefused(() -> ecs.stopTask(b -> b.cluster("nope").task("0123456789abcdef0123456789abcdef")),
                "ClusterNotFoundException", "Cluster not found.");
    }

    @Test
    void listTasks_showsRunTaskTasks_byStartedByFamilyAndDesiredStatus() {
        String mine = runTask(b -> b.startedBy("quayside/release-42")).tasks().get(0).taskArn();
        String other = runTask(b -> b.startedBy("someone-else")).tasks().get(0).taskArn();

        assertThat(ecs.listTasks(b -> b.cluster("prod")).taskArns()).containsExactly(mine, other);
        assertThat(ecs.listTasks(b -> b.cluster("prod").startedBy("quayside/release-42")).taskArns()).containsExactly(mine);
        assertThat(ecs.listTasks(b -> b.cluster("prod").family("shop-migrate")).taskArns()).containsExactly(mine, other);
        assertThat(ecs.listTasks(b -> b.cluster("prod").family("web")).taskArns()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(ecs.listTasks(b -> b.cluster("prod")).taskArns()).isEmpty();
        assertThat(ecs.listTasks(b -> b.cluster("prod").desiredStatus(DesiredStatus.STOPPED)).taskArns())
                .containsExactly(mine, other);
        assertThat(ecs.describeClusters(b -> b.clusters("prod")).clusters().get(0).runningTasksCount()).isZero();
    }

    @Test
    void runTask_keepsOverridesAndTags() {
        Task started = runTask(b -> b.overrides(o -> o.containerOverrides(c -> c.name("migrate")
                        .command("npm", "run", "migrate:status").environment(e -> e.name("DRY_RUN").value("1"))))
                .tags(t -> t.key("release").value("1.2")).enableExecuteCommand(true)).tasks().get(0);

        assertThat(started.overrides().containerOverrides()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("migrate");
            assertThat(o.command()).containsExactly("npm", "run", "migrate:status");
            assertThat(o.environment()).singleElement().satisfies(e -> assertThat(e.value()).isEqualTo("1"));
        });
        assertThat(started.enableExecuteCommand()).isTrue();
        assertThat(started.tags()).singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("release"));
        assertThat(describe(started.taskArn()).tags()).isEmpty();
        assertThat(ecs.describeTasks(b -> b.cluster("prod").tasks(started.taskArn()).include(TaskField.TAGS))
                .tasks().get(0).tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("1.2"));
    }

    @Test
    void runTask_refusesWhatECSRefuses() {
        assertRefused(() -> runTask(b -> b.overrides(o -> o.containerOverrides(c -> c.name("app")))), IPE,
                "Override for container named app is not a container in the TaskDefinition.");
        assertRefused(() -> runTask(b -> b.networkConfiguration((software.amazon.awssdk.services.ecs.model.NetworkConfiguration) null)),
                IPE, EcsServices.NETWORK_REQUIRED);
        assertRefused(() -> runTask(b -> b.networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))), IPE,
                "Error retrieving subnet information for [subnet-1]: The subnet ID 'subnet-1' is malformed"
                        + " (ErrorCode: InvalidSubnetID.Malformed)");
        assertRefused(() -> runTask(b -> b.capacityProviderStrategy(s -> s.capacityProvider("FARGATE").weight(1))), IPE,
                EcsServices.BOTH_LAUNCH_TYPE_AND_STRATEGY);
        assertRefused(() -> runTask(b -> b.launchType((LaunchType) null)
                .capacityProviderStrategy(s -> s.capacityProvider("FARGATE_SPOT").weight(1))), IPE, EcsServices.NOT_ASSOCIATED);
        assertRefused(() -> runTask(b -> b.count(11)), IPE,
                "Invalid parameter at 'count' failed to satisfy constraint: 'Member must have value less than or equal to 10'");
        assertRefused(() -> runTask(b -> b.taskDefinition("nope")), "ClientException", "TaskDefinition not found.");
        assertRefused(() -> runTask(b -> b.cluster("nope")), "ClusterNotFoundException", "Cluster not found.");
        assertThat(ecs.listTasks(b -> b.cluster("prod")).taskArns()).isEmpty();
    }

    @Test
    void runTask_withACapacityProviderStrategy_placesTheTasksByIt() {
        ecs.createCluster(b -> b.clusterName("spot").capacityProviders("FARGATE", "FARGATE_SPOT"));

        List<Task> tasks = runTask(b -> b.cluster("spot").launchType((LaunchType) null).count(3)
                .capacityProviderStrategy(s -> s.capacityProvider("FARGATE").weight(1).base(1),
                        s -> s.capacityProvider("FARGATE_SPOT").weight(1))).tasks();

        // The base first, then the provider furthest below its share (ties to the first listed), as for services.
        assertThat(tasks).extracting(Task::capacityProviderName).containsExactly("FARGATE", "FARGATE", "FARGATE_SPOT");
        assertThat(tasks).allSatisfy(task -> assertThat(task.launchType()).isEqualTo(LaunchType.FARGATE));
    }

    @Test
    void runTask_withTheSameClientToken_answersTheSameTasks() {
        List<String> first = runTask(b -> b.clientToken("release-42-migrate")).tasks().stream().map(Task::taskArn).toList();

        List<String> again = runTask(b -> b.clientToken("release-42-migrate")).tasks().stream().map(Task::taskArn).toList();

        assertThat(again).isEqualTo(first);
        assertThat(ecs.listTasks(b -> b.cluster("prod")).taskArns()).hasSize(1);
        assertRefused(() -> runTask(b -> b.clientToken("release-42-migrate").count(2)), IPE, EcsServices.INCONSISTENT);
    }

    @Test
    void runTask_ofAnImageMissingFromTheRegistry_failsToStart_andWritesNothing() {
        try (FakeRegistry registry = FakeRegistry.start("pw", 100)) {
            sim.ecr().registry(registry.endpoint(), "pw");
            String image = registry.endpoint().getAuthority() + "/shop:9.9";
            register("ghost", ContainerDefinition.builder().name("migrate").image(image).essential(true)
                    .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", GROUP,
                            "awslogs-stream-prefix", "ecs")))
                    .build());
            Task started = runTask(b -> b.taskDefinition("ghost")).tasks().get(0);

            clock.advance(Duration.ofSeconds(15));

            Task stopped = describe(started.taskArn());
            assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
            assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.TASK_FAILED_TO_START);
            assertThat(stopped.stoppedReason()).startsWith("CannotPullContainerError: pull image manifest has been retried")
                    .endsWith(image + ": not found");
            assertThat(stopped.containers().get(0).reason()).isEqualTo(stopped.stoppedReason());
            assertThat(sim.logs().logStreams(GROUP)).isEmpty();
        }
    }
}
