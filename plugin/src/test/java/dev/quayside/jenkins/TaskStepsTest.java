package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.jenkins.ecs.EcsRunTaskBuilder;
import dev.quayside.jenkins.ecs.EcsRunTaskStep;
import dev.quayside.jenkins.report.ReleaseAction;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.time.MutableClock;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * ecsRunTask and the freestyle run-task step against the ECS simulator: a migration's exit code and its own
 * log lines in the build log, the task stopped at the timeout and when the build is aborted, and a task
 * followed across a controller restart without a line lost or repeated.
 */
class TaskStepsTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));
    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    /** Cluster prod, service myapp (whose network the migration takes), task definition migrate:1 logging to /ecs/migrate. */
    private void migrationWorld(JenkinsRule r) throws Exception {
        Fixtures.useSimulator(r, aws);
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDTASK", "task-secret"));
        AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDSETUP", "AWS_SECRET_ACCESS_KEY", "setup-secret"), Fixtures.REGION,
                null, null, Map.of("ecs", aws.endpoint(), "logs", aws.endpoint()));
        try (EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings)) {
            ecs.createCluster(b -> b.clusterName("prod"));
            logs.createLogGroup(b -> b.logGroupName("/ecs/migrate"));
            ecs.registerTaskDefinition(b -> b.family("migrate").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256").memory("512").executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                    .containerDefinitions(ContainerDefinition.builder().name("app").image("registry.example.com/myapp:2.0").essential(true)
                            .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS)
                                    .options(Map.of("awslogs-group", "/ecs/migrate", "awslogs-region", Fixtures.REGION, "awslogs-stream-prefix", "ecs")))
                            .build()));
            ecs.createService(b -> b.cluster("prod").serviceName("myapp").taskDefinition("migrate:1").desiredCount(0)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0abc1234def567890").securityGroups("sg-0123456789abcdef0"))));
        }
        aws.clearJournal();
    }

    private static WorkflowJob pipeline(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    @Test
    void ecsRunTask_aMigrationThatExitsZero_returnsItsExitCodes_withItsStatesAndLogLinesInTheBuildLog() throws Throwable {
        sessions.then(r -> {
            migrationWorld(r);
            WorkflowJob p = pipeline(r, "migrate", """
                    node {
                      def t = ecsRunTask cluster: 'prod', taskDefinition: 'migrate:1', networkFromService: 'myapp', container: 'app',
                          command: ['npm', 'run', 'migrate'], environment: [app: [DB_SCHEMA: 'orders']], timeout: '10m', credentialsId: 'aws'
                      echo "exit=${t.exitCodes.app} stop=${t.stopCode} task=${t.taskId}"
                    }
                    """);
            try (EcsWorld world = new EcsWorld(aws, clock)) {
                world.startTicking();
                WorkflowRun b = r.buildAndAssertSuccess(p);

                r.assertLogContains("exit=0 stop=EssentialContainerExited task=", b);
                r.assertLogContains(": STOPPED", b);
                r.assertLogContains("app | Running migration 20260101_add_orders ... done", b);
                r.assertLogContains("SUCCEEDED task migrate:1 ", b);
            }
            assertThat(aws.requests("RunTask")).singleElement().satisfies(q -> {
                assertThat(q.body().path("startedBy").asText()).isEqualTo("jenkins-migrate-1");
                assertThat(q.body().path("overrides").path("containerOverrides").get(0).path("command").toString()).isEqualTo("[\"npm\",\"run\",\"migrate\"]");
                assertThat(q.body().path("overrides").path("containerOverrides").get(0).path("environment").toString()).contains("DB_SCHEMA", "orders");
                assertThat(q.body().path("networkConfiguration").toString()).contains("subnet-0abc1234def567890");
            });
            assertThat(Fixtures.keysUsed(aws, "RunTask")).containsExactly("AKIDTASK");
        });
    }

    @Test
    void ecsRunTask_outsideNode_aMigrationThatExitsOne_failsTheBuildWithTheExitCodeAndItsOwnLog() throws Throwable {
        sessions.then(r -> {
            migrationWorld(r);
            aws.simulator().ecsServices().runTaskExitCode("migrate", 1);
            WorkflowJob p = pipeline(r, "migrate-fails", """
                    ecsRunTask cluster: 'prod', taskDefinition: 'migrate', networkFromService: 'myapp', credentialsId: 'aws'
                    echo 'not reached'
                    """);
            try (EcsWorld world = new EcsWorld(aws, clock)) {
                world.startTicking();
                WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

                r.assertLogContains("calls from the controller with credentials aws", b);
                r.assertLogContains("app | error: relation \"orders\" already exists", b);
                r.assertLogContains("app exited with 1 (EssentialContainerExited: Essential container in task exited)", b);
                r.assertLogNotContains("not reached", b);
                assertThat(b.getAction(ReleaseAction.class).getEntries()).extracting(ReleaseAction.Entry::getTitle).anyMatch(t -> t.endsWith(": FAILED"));
            }
        });
    }

    @Test
    void ecsRunTask_aTaskThatOutlastsTheTimeout_isStopped_andTheBuildFails() throws Throwable {
        sessions.then(r -> {
            migrationWorld(r);
            // The clock does not move: the task stays PROVISIONING.
            WorkflowJob p = pipeline(r, "migrate-slow", """
                    node {
                      ecsRunTask cluster: 'prod', taskDefinition: 'migrate', networkFromService: 'myapp', timeout: '7s', credentialsId: 'aws'
                    }
                    """);
            WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

            r.assertLogContains("did not stop within 7 s; it was stopped (StopTask)", b);
            assertThat(aws.requests("StopTask")).singleElement().satisfies(q -> assertThat(q.body().path("reason").asText()).contains("timeout (7 s)"));
        });
    }

    @Test
    void abortingTheBuild_stopsTheTask() throws Throwable {
        sessions.then(r -> {
            migrationWorld(r);
            WorkflowJob p = pipeline(r, "migrate-abort", """
                    node {
                      ecsRunTask cluster: 'prod', taskDefinition: 'migrate', networkFromService: 'myapp', credentialsId: 'aws'
                    }
                    """);
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Following task ", b);
            b.doStop();

            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            r.assertLogContains("Stopped task ", b);
            assertThat(aws.requests("StopTask")).singleElement().satisfies(q -> assertThat(q.body().path("reason").asText()).isEqualTo("quayside: the build was aborted"));
        });
    }

    @Test
    void freestyle_runsTheTaskWithVariablesExpanded_andExportsItsArn() throws Throwable {
        sessions.then(r -> {
            migrationWorld(r);
            FreeStyleProject p = r.createFreeStyleProject("migrate-freestyle");
            EcsRunTaskStep step = new EcsRunTaskStep("prod", "${FAMILY}:1");
            step.setNetworkFromService("myapp");
            step.setContainer("app");
            step.setCommand(List.of("npm", "run", "migrate:${BUILD_NUMBER}"));
            step.setTimeout("10m");
            step.setCredentialsId("aws");
            p.getBuildersList().add(new EcsRunTaskBuilder(step));
            p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("FAMILY", "migrate")));
            p.getBuildersList().add(new TestBuilder() {
                @Override
                public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener) throws IOException, InterruptedException {
                    listener.getLogger().println("arn=" + build.getEnvironment(listener).get("ECS_TASK_ARN"));
                    return true;
                }
            });
            try (EcsWorld world = new EcsWorld(aws, clock)) {
                world.startTicking();
                FreeStyleBuild b = r.buildAndAssertSuccess(p);

                r.assertLogContains("arn=arn:aws:ecs:" + Fixtures.REGION + ":", b);
                r.assertLogContains("app | Running migration", b);
            }
            assertThat(aws.requests("RunTask")).singleElement()
                    .satisfies(q -> assertThat(q.body().path("overrides").toString()).contains("[\"npm\",\"run\",\"migrate:1\"]"));
        });
    }

    @Test
    void ecsRunTask_survivesARestart_withoutRunningTheTaskTwiceOrRepeatingOrLosingALogLine() throws Throwable {
        sessions.then(r -> {
            migrationWorld(r);
            aws.simulator().ecsServices().runTaskDuration(Duration.ofMinutes(30));
            WorkflowJob p = pipeline(r, "migrate-restart", """
                    node {
                      def t = ecsRunTask cluster: 'prod', taskDefinition: 'migrate', networkFromService: 'myapp', timeout: '2h', credentialsId: 'aws'
                      echo "exit=${t.exitCodes.app}"
                    }
                    """);
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Following task ", b);
            clock.advance(Duration.ofMinutes(2)); // RUNNING, and its first log lines
            r.waitForMessage("app | Running migration", b);
            Thread.sleep(1000); // that poll's state saved
        });
        clock.advance(Duration.ofHours(1)); // the task stops while Jenkins is down
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("migrate-restart", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            String log = JenkinsRule.getLog(b);
            r.assertLogContains("Resuming the watch of task ", b);
            r.assertLogContains("exit=0", b);
            assertThat(aws.requests("RunTask")).hasSize(1);
            assertThat(Fixtures.count(log, "app | Running migration 20260101_add_orders ...\n")).isEqualTo(1);
            assertThat(Fixtures.count(log, "app | Running migration 20260101_add_orders ... done")).isEqualTo(1);
            // Each state once at most (a look may fall after a short state), the last one exactly once.
            for (String status : List.of(": PROVISIONING", ": PENDING", ": RUNNING")) {
                assertThat(Fixtures.count(log, status)).as(status).isLessThanOrEqualTo(1);
            }
            assertThat(Fixtures.count(log, ": STOPPED\n")).isEqualTo(1);
        });
    }
}
