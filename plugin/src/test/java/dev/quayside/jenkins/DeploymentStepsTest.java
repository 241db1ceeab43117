package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsScope;
import dev.quayside.jenkins.ecs.EcsDeployBuilder;
import dev.quayside.jenkins.ecs.EcsDeployStep;
import dev.quayside.jenkins.report.ReleaseAction;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.aws.Scenario;
import dev.quayside.testing.time.MutableClock;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import hudson.model.TaskListener;
import hudson.slaves.DumbSlave;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import hudson.slaves.OfflineCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * ecsDeploy, ecsWaitDeployment and the freestyle deploy step against the ECS simulator. The Pipeline
 * steps must not hold an executor while they wait, and stop promptly when the build is aborted.
 */
@WithJenkins
class DeploymentStepsTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));

    private JenkinsRule r;
    private EcsWorld world;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        Fixtures.useSimulator(r, aws);
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDDEPLOY", "deploy-secret"));
        world = new EcsWorld(aws, clock).serviceOnRevision1();
        aws.clearJournal();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void ecsDeploy_rollsTheServiceAndReturnsTheVerdict() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "deploy");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def d = ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: 'myapp:2', timeout: '10m', credentialsId: 'aws'
                  echo "verdict=${d.verdict} id=${d.deploymentId} td=${d.taskDefinition} seconds=${d.durationSeconds}"
                }
                """, true));
        world.startTicking();

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("verdict=SUCCEEDED id=ecs-svc/", b);
        r.assertLogContains("td=myapp:2", b);
        r.assertLogContains("Watching deployment ecs-svc/", b);
        assertThat(Fixtures.keysUsed(aws, "UpdateService")).containsExactly("AKIDDEPLOY");
        assertThat(b.getAction(ReleaseAction.class).getEntries()).extracting(ReleaseAction.Entry::getTitle).contains("myapp: SUCCEEDED");
    }

    @Test
    void ecsDeploy_withAServiceDefinition_createsTheService_onFargateSpot_andReturnsWhatChanged() throws Exception {
        aws.createCluster(Fixtures.REGION, "spot", "FARGATE", "FARGATE_SPOT");
        WorkflowJob p = r.createProject(WorkflowJob.class, "service-from-file");
        r.jenkins.getWorkspaceFor(p).child("service.yaml").write("""
                serviceName: web
                taskDefinition: myapp:2
                desiredCount: ${WEB_TASKS}
                networkConfiguration:
                  awsvpcConfiguration: {subnets: [subnet-0abc1234def567890], securityGroups: [sg-0123456789abcdef0], assignPublicIp: DISABLED}
                deploymentConfiguration:
                  deploymentCircuitBreaker: {enable: true, rollback: true}
                """, "UTF-8");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  withEnv(['WEB_TASKS=2']) {
                    def d = ecsDeploy cluster: 'spot', service: 'web', serviceDefinition: 'service.yaml',
                        capacityProviders: ['FARGATE_SPOT:3', 'FARGATE:1:1'], timeout: '10m', credentialsId: 'aws'
                    echo "verdict=${d.verdict} changes=${d.changes.size()}"
                  }
                }
                """, true));
        world.startTicking();

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("Created service web to myapp:2, capacity providers FARGATE_SPOT weight 3, FARGATE weight 1 base 1", b);
        r.assertLogContains("+capacityProviderStrategy: FARGATE_SPOT weight 3, FARGATE weight 1 base 1", b);
        r.assertLogContains("verdict=SUCCEEDED", b);
        assertThat(aws.requests("CreateService")).singleElement().satisfies(c -> assertThat(c.body().path("desiredCount").asInt()).isEqualTo(2));
        assertThat(world.ecs().describeServices(d -> d.cluster("spot").services("web")).services().get(0).capacityProviderStrategy())
                .extracting(i -> i.capacityProvider()).containsExactly("FARGATE_SPOT", "FARGATE");
    }

    @Test
    void ecsDeploy_ofAnEcrImageThatWasNeverPushed_stopsAtThePreflight_andTheServiceIsUntouched() throws Exception {
        String td = world.ecs().registerTaskDefinition(b -> b.family("myapp").networkMode("awsvpc").requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256").memory("512").executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .containerDefinitions(ContainerDefinition.builder().name("app")
                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:never-pushed").build())).taskDefinition().taskDefinitionArn();
        aws.clearJournal();
        WorkflowJob p = r.createProject(WorkflowJob.class, "preflight");
        p.setDefinition(new CpsFlowDefinition("node { ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: '" + td + "', credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("(pre-flight) but failed because: container app: image 123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:never-pushed does not exist", b);
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void ecsDeploy_withAServiceDefinitionOutsideNode_isRefused_beforeAnyCall() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "file-outside-node");
        p.setDefinition(new CpsFlowDefinition("ecsDeploy cluster: 'prod', service: 'myapp', serviceDefinition: 'service.json', credentialsId: 'aws'", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("serviceDefinition is a file in the workspace: call ecsDeploy inside node {}", b);
        assertThat(aws.requests("DescribeServices")).isEmpty();
    }

    @Test
    void ecsWaitDeployment_holdsNoThreadBetweenPolls_andStopsPromptlyWhenAborted() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "wait-abort");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  ecsWaitDeployment cluster: 'prod', service: 'myapp', timeout: '1h', credentialsId: 'aws'
                }
                """, true));
        // The clock does not move: the current deployment stays in progress until the build is aborted.

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Watching", b);
        boolean idleSeen = false;
        for (int i = 0; i < 40 && !idleSeen; i++) {
            idleSeen = threadsIn("dev.quayside.jenkins.ecs") == 0;
            Thread.sleep(100);
        }
        assertThat(idleSeen).as("between polls no thread runs or waits in the step").isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).as("the watch's own pool, not jenkins.util.Timer")
                .anyMatch(name -> name.startsWith("Quayside deployment watch"));
        long stopping = System.nanoTime();
        b.doStop();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        assertThat((System.nanoTime() - stopping) / 1_000_000).as("ms to stop").isLessThan(10_000);
    }

    @Test
    void abortingDuringAHungCall_stopsTheStepAtOnce_onTheAgentAndOnTheController() throws Exception {
        for (String script : List.of("node { ecsWaitDeployment cluster: 'prod', service: 'myapp', credentialsId: 'aws' }",
                "ecsWaitDeployment cluster: 'prod', service: 'myapp', credentialsId: 'aws'")) {
            WorkflowJob p = r.createProject(WorkflowJob.class, "hung-" + script.length());
            p.setDefinition(new CpsFlowDefinition(script, true));
            aws.hangNext("DescribeServices", Duration.ofSeconds(60));

            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            for (int i = 0; i < 100 && aws.hangingCalls() == 0; i++) {
                Thread.sleep(100);
            }
            assertThat(aws.hangingCalls()).as("the poll is in flight, its DescribeServices unanswered").isEqualTo(1);
            long stopping = System.nanoTime();
            b.doStop();

            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            assertThat((System.nanoTime() - stopping) / 1_000_000).as("ms to stop: %s", script).isLessThan(5_000);
        }
    }

    @Test
    void theTimeoutIsADeadline_evenWhileAPollWaitsOnAws_onTheAgentAndOnTheController() throws Exception {
        world.ecs().updateService(b -> b.cluster("prod").service("myapp").taskDefinition("myapp:2"));
        for (String script : List.of("node { ecsWaitDeployment cluster: 'prod', service: 'myapp', timeout: '6s', credentialsId: 'aws' }",
                "ecsWaitDeployment cluster: 'prod', service: 'myapp', timeout: '6s', credentialsId: 'aws'")) {
            WorkflowJob p = r.createProject(WorkflowJob.class, "deadline-" + script.length());
            p.setDefinition(new CpsFlowDefinition(script, true));

            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Watching deployment ecs-svc/", b);
            // The next poll's DescribeServices gets no answer for longer than the SDK's own bounds would end it.
            aws.hangNext("DescribeServices", Duration.ofSeconds(60));

            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
            long tookMillis = b.getDuration();
            r.assertLogContains("TIMED_OUT: deployment ecs-svc/", b);
            r.assertLogContains("AWS had not answered the last poll by then", b);
            assertThat(tookMillis).as("ms to the verdict: %s", script).isLessThan(6_000 + 3_000 + 5_000);
        }
    }

    @Test
    void aWatchWhoseAgentGoesAway_saysSo_waitsForIt_andGoesOn() throws Exception {
        DumbSlave agent = r.createOnlineSlave(Label.get("remote"));
        world.ecs().updateService(b -> b.cluster("prod").service("myapp").taskDefinition("myapp:2"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "agent-away");
        p.setDefinition(new CpsFlowDefinition("""
                node('remote') {
                  def d = ecsWaitDeployment cluster: 'prod', service: 'myapp', timeout: '10m', credentialsId: 'aws'
                  echo "verdict=${d.verdict}"
                }
                """, true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Watching deployment ecs-svc/", b);
        agent.toComputer().disconnect(new OfflineCause.UserCause(null, "the agent goes away")).get();
        r.waitForMessage("Waiting for the agent to watch myapp", b);
        agent.toComputer().connect(false).get();
        r.waitOnline(agent);
        world.startTicking();

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("The agent is back; going on to watch myapp.", b);
        r.assertLogContains("verdict=SUCCEEDED", b);
    }

    @Test
    void ecsWaitDeployment_ofAMissingService_failsWithTheReason() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "missing");
        p.setDefinition(new CpsFlowDefinition("node { ecsWaitDeployment cluster: 'prod', service: 'ghost', credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("ghost", b);
        r.assertLogContains("FAILED", b);
    }

    @Test
    void ecsDeploy_refusesBadInputBeforeAnyCall() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "bad-input");
        p.setDefinition(new CpsFlowDefinition("node { ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: 'myapp:2', timeout: 'soon' }", true));
        aws.clearJournal();

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("timeout: 'soon' is not a duration", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void freestyleDeploy_exportsTheVerdict() throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("deploy-freestyle");
        EcsDeployStep deploy = new EcsDeployStep("${CLUSTER}", "myapp");
        deploy.setTaskDefinition("myapp:2");
        deploy.setTimeout("10m");
        deploy.setCredentialsId("aws");
        p.getBuildersList().add(new EcsDeployBuilder(deploy));
        p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("CLUSTER", "prod")));
        world.startTicking();

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        assertThat(b.getEnvironment(TaskListener.NULL).get("ECS_DEPLOYMENT_VERDICT")).isEqualTo("SUCCEEDED");
        assertThat(b.getEnvironment(TaskListener.NULL).get("ECS_DEPLOYMENT_ID")).startsWith("ecs-svc/");
    }

    @Test
    void outsideNode_withACredentialsId_watchesFromTheControllerWithThoseCredentialsOnly_holdingNoExecutor() throws Exception {
        // What the controller itself has must not be used: its JVM's default chain and the build environment's keys.
        System.setProperty("aws.accessKeyId", "AKIDCONTROLLERJVM");
        System.setProperty("aws.secretAccessKey", "controller-secret");
        try {
            r.jenkins.getGlobalNodeProperties().get(EnvironmentVariablesNodeProperty.class).getEnvVars()
                    .putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDBUILDENV", "AWS_SECRET_ACCESS_KEY", "build-env-secret"));
            WorkflowJob p = r.createProject(WorkflowJob.class, "controller");
            p.setDefinition(new CpsFlowDefinition("""
                    def d = ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: 'myapp:2', timeout: '10m', credentialsId: 'aws'
                    echo "verdict=${d.verdict}"
                    """, true));

            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Watching deployment ecs-svc/", b);
            assertThat(r.jenkins.toComputer().countBusy()).as("busy executors while the watch waits").isZero();
            world.startTicking();

            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("verdict=SUCCEEDED", b);
            r.assertLogContains("calls from the controller with credentials aws", b);
            assertThat(aws.requests()).extracting(RecordedRequest::accessKeyId).containsOnly("AKIDDEPLOY");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void watchesOnTheController_ofOneIdentityAndCluster_shareTheirDescribeServicesCalls_eachWithItsOwnVerdict() throws Exception {
        world.addService("worker", 1, false);
        WorkflowJob p = r.createProject(WorkflowJob.class, "two-services");
        p.setDefinition(new CpsFlowDefinition("""
                parallel web: {
                  def d = ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: 'myapp:2', timeout: '10m', credentialsId: 'aws'
                  echo "myapp=${d.verdict}"
                }, worker: {
                  def d = ecsDeploy cluster: 'prod', service: 'worker', taskDefinition: 'myapp:2', timeout: '10m', credentialsId: 'aws'
                  echo "worker=${d.verdict}"
                }
                """, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Watching deployment ecs-svc/", b);
        world.startTicking();

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("myapp=SUCCEEDED", b);
        r.assertLogContains("worker=SUCCEEDED", b);
        assertThat(aws.requests("DescribeServices")).as("a poll describing both services in one call")
                .anySatisfy(q -> assertThat(q.body().path("services").size()).isEqualTo(2));
    }

    @Test
    void watchesOnTheController_ofServicesWhoseTasksFail_describeTheStoppedTasksOfBothInOneCall() throws Exception {
        for (String name : List.of("web", "worker")) {
            world.addService(name, 2, true);
            aws.simulator().ecsServices().scenario(name, Scenario.FAILING_HEALTH_CHECK);
        }
        WorkflowJob p = r.createProject(WorkflowJob.class, "two-failing-services");
        p.setDefinition(new CpsFlowDefinition("""
                def deploy(String service) {
                  try {
                    ecsDeploy cluster: 'prod', service: service, taskDefinition: 'myapp:2', timeout: '10m', credentialsId: 'aws'
                  } catch (e) {
                    echo "${service} failed"
                  }
                }
                parallel web: { deploy('web') }, worker: { deploy('worker') }
                """, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Watching deployment ecs-svc/", b);
        // Slower than the other tests: the stopped tasks must still be describable when the build ends (ECS keeps them an hour).
        world.startTicking(Duration.ofSeconds(2));

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        world.stopTicking();
        r.assertLogContains("web failed", b);
        r.assertLogContains("worker failed", b);
        List<Set<String>> servicesPerCall = aws.requests("DescribeTasks").stream().map(q -> {
            List<String> arns = new ArrayList<>();
            q.body().path("tasks").forEach(t -> arns.add(t.asText()));
            Set<String> groups = new HashSet<>();
            world.ecs().describeTasks(d -> d.cluster("prod").tasks(arns)).tasks().forEach(t -> groups.add(t.group()));
            return groups;
        }).toList();
        assertThat(servicesPerCall).as("the services whose stopped tasks each DescribeTasks call named")
                .contains(Set.of("service:web", "service:worker"));
    }

    @Test
    void outsideNode_withoutACredentialsId_isRefusedBeforeAnyCall() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "controller-no-credentials");
        p.setDefinition(new CpsFlowDefinition("ecsWaitDeployment cluster: 'prod', service: 'myapp'", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("ecsWaitDeployment outside node {} runs its calls on the controller, and only with a credentialsId", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void outsideNode_credentialsWithoutKeys_areRefused_theControllersInstanceRoleIsNotBorrowed() throws Exception {
        Fixtures.add(new AWSCredentialsImpl(CredentialsScope.GLOBAL, "instance-profile", "", "", "no keys"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "controller-instance-profile");
        p.setDefinition(new CpsFlowDefinition("ecsWaitDeployment cluster: 'prod', service: 'myapp', credentialsId: 'instance-profile'", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("credentialsId: outside node {} the calls run on the controller", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void withARole_oneSessionServesTheWholeWatch() throws Exception {
        clock.set(Instant.now()); // the simulator's sessions expire an hour after its clock; the watch reads the real one
        WorkflowJob p = r.createProject(WorkflowJob.class, "role");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def d = ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: 'myapp:2', timeout: '10m', credentialsId: 'aws',
                                    roleArn: 'arn:aws:iam::123456789012:role/deployer'
                  echo "verdict=${d.verdict}"
                }
                """, true));
        world.startTicking();

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("verdict=SUCCEEDED", b);
        assertThat(aws.requests("AssumeRole")).hasSize(1).allSatisfy(a -> assertThat(a.accessKeyId()).isEqualTo("AKIDDEPLOY"));
        assertThat(aws.requests("DescribeServices")).hasSizeGreaterThan(1).extracting(RecordedRequest::accessKeyId).containsOnly("ASIASIM1");
        assertThat(Fixtures.keysUsed(aws, "UpdateService")).containsExactly("ASIASIM1");
        r.assertLogNotContains("sim-session-secret", b);
    }

    private static long threadsIn(String packagePrefix) {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith(packagePrefix)))
                .count();
    }
}
