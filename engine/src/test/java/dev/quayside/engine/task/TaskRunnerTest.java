package dev.quayside.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.time.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/** One-off tasks (a migration) against the simulator, on a virtual clock: exit codes, their own log lines, the timeout. */
class TaskRunnerTest {
    private static final String REGION = "ap-southeast-1";
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-09-01T07:00:00Z"));
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private EcsClient ecs;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void setUp() {
        AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDTASK", "AWS_SECRET_ACCESS_KEY", "task-secret"), REGION, null, null,
                Map.of("ecs", aws.endpoint(), "logs", aws.endpoint()));
        ecs = AwsClients.ecs(settings);
        logs = AwsClients.logs(settings);
        ecs.createCluster(b -> b.clusterName("prod"));
        logs.createLogGroup(b -> b.logGroupName("/ecs/migrate"));
        ecs.registerTaskDefinition(b -> b.family("migrate").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256").memory("512").executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .containerDefinitions(ContainerDefinition.builder().name("migrate").image("public.ecr.aws/myorg/migrate:1").essential(true)
                        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS)
                                .options(Map.of("awslogs-group", "/ecs/migrate", "awslogs-region", REGION, "awslogs-stream-prefix", "ecs"))).build()));
        ecs.createService(b -> b.cluster("prod").serviceName("web").taskDefinition("migrate:1").desiredCount(0)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0abc1234def567890").securityGroups("sg-0123456789abcdef0"))));
    }

    @AfterEach
    void close() {
        ecs.close();
        logs.close();
    }

    private TaskRunner runner() {
        return new TaskRunner(ecs, logs, clock, clock::advance, events::add);
    }

    private static RunTaskRequest.Builder migration() {
        return RunTaskRequest.builder().cluster("prod").taskDefinition("migrate").networkFromService("web").command("migrate", List.of("npm", "run", "migrate"))
                .setEnvironment("migrate:DB_SCHEMA=orders");
    }

    private List<String> messages(String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Event::message).toList();
    }

    @Test
    void aMigrationThatExitsZero_succeeds_streamingItsStatesAndItsOwnLogLines() {
        TaskRunner.Result r = runner().run(migration().build());

        assertThat(r.exitCodes()).containsExactly(Map.entry("migrate", 0));
        assertThat(r.stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(messages("task.status")).extracting(m -> m.substring(m.indexOf(": ") + 2)).containsSubsequence("PROVISIONING", "RUNNING", "STOPPED");
        assertThat(messages("task.log")).contains("migrate | Running migration 20260101_add_orders ... done");
        assertThat(aws.requests("RunTask")).singleElement().satisfies(q -> {
            assertThat(q.body().path("networkConfiguration").path("awsvpcConfiguration").path("subnets").toString()).contains("subnet-0abc1234def567890");
            assertThat(q.body().path("overrides").path("containerOverrides").get(0).path("command").toString()).isEqualTo("[\"npm\",\"run\",\"migrate\"]");
            assertThat(q.body().path("startedBy").asText()).isEqualTo("quayside");
        });
    }

    @Test
    void aMigrationThatExitsOne_failsWithTheExitCode_andItsLogIsInTheOutput() {
        aws.simulator().ecsServices().runTaskExitCode("migrate", 1);

        assertThatThrownBy(() -> runner().run(migration().build()))
                .isInstanceOf(QuaysideException.class)
                .satisfies(e -> assertThat(((QuaysideException) e).failure()).isEqualTo(Failure.REJECTED))
                .hasMessageContaining("migrate exited with 1 (EssentialContainerExited: Essential container in task exited)");
        assertThat(messages("task.log")).contains("migrate | error: relation \"orders\" already exists", "migrate | Migration failed, exiting with code 1");
    }

    @Test
    void aTaskThatOutlastsTheTimeout_isStopped_andTheRunTimesOut() {
        aws.simulator().ecsServices().runTaskDuration(Duration.ofHours(2));

        assertThatThrownBy(() -> runner().run(migration().timeout(Duration.ofMinutes(3)).build()))
                .satisfies(e -> assertThat(((QuaysideException) e).failure()).isEqualTo(Failure.TIMEOUT))
                .hasMessageContaining("did not stop within 3 min 0 s; it was stopped (StopTask)");
        assertThat(aws.requests("StopTask")).singleElement().satisfies(q -> assertThat(q.body().path("reason").asText()).contains("timeout"));
    }

    @Test
    void aRunFollowedInPolls_savedAndRestoredBetweenThem_printsEachStateAndLogLineOnce() throws Exception {
        aws.simulator().ecsServices().runTaskExitCode("migrate", 1);
        TaskRunner runner = runner();
        TaskRun run = runner.start(migration().build());
        List<Event> lines = new ArrayList<>();
        TaskPoll poll;
        do {
            poll = runner.poll(run);
            lines.addAll(poll.lines());
            run = restored(poll.state());
            clock.advance(poll.nextDelay());
        } while (!poll.finished());

        assertThat(poll.failure()).get().satisfies(e -> assertThat(e.getMessage()).contains("migrate exited with 1"));
        List<String> logLines = lines.stream().filter(e -> e.type().equals("task.log")).map(Event::message).toList();
        assertThat(logLines).contains("migrate | Migration failed, exiting with code 1").doesNotHaveDuplicates();
        assertThat(lines.stream().filter(e -> e.type().equals("task.status")).map(Event::message).toList()).doesNotHaveDuplicates();
        assertThat(poll.state().lastStatus()).isEqualTo("STOPPED");
    }

    /** What a Jenkins restart does to the state between two polls. */
    private static TaskRun restored(TaskRun run) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(run);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TaskRun) in.readObject();
        }
    }

    @Test
    void anOverrideForAContainerTheTaskDoesNotHave_isRefused_beforeAnyTaskRuns() {
        assertThatThrownBy(() -> runner().run(migration().command("web", List.of("true")).build()))
                .hasMessage("command: no container named 'web' in migrate:1 (it has: migrate)");
        assertThat(aws.requests("RunTask")).isEmpty();
    }

    @Test
    void startedBy_isRefusedWithCharactersEcsRefuses_andABuildTagIsMadeFit() {
        assertThatThrownBy(() -> migration().startedBy("release 42").build()).hasMessageStartingWith("startedBy: 'release 42' is not");
        assertThat(RunTaskRequest.startedByOf("jenkins-folder/my job.v2-17")).isEqualTo("jenkins-folder/my-job-v2-17");
        assertThat(RunTaskRequest.startedByOf("x".repeat(200))).hasSize(128);
        assertThat(migration().startedBy(RunTaskRequest.startedByOf("jenkins-my job-3")).build().startedBy()).isEqualTo("jenkins-my-job-3");
    }

    @Test
    void withoutANetwork_theRequestIsRefusedNamingTheField() {
        assertThatThrownBy(() -> RunTaskRequest.builder().cluster("prod").taskDefinition("migrate").build())
                .hasMessageStartingWith("subnets: give the subnets");
    }
}
