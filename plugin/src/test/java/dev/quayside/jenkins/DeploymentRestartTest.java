package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * ecsDeploy and ecsWaitDeployment across a controller restart: the watch resumes from its saved state,
 * UpdateService is not repeated, every service event of our deployment is printed exactly once (none
 * lost, none twice), and the verdict is reached in the new session.
 */
class DeploymentRestartTest {
    private static final Pattern DEPLOYMENT = Pattern.compile("Watching deployment (ecs-svc/\\d+)");

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));
    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void ecsDeploy_inNode_survivesARestartWithoutRepeatingOrLosingAnything() throws Throwable {
        acrossARestart("""
                node {
                  def d = ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: 'myapp:2', timeout: '30m', credentialsId: 'aws'
                  echo "verdict=${d.verdict}"
                }
                """, 1);
    }

    @Test
    void ecsWaitDeployment_outsideNode_survivesARestartWithoutRepeatingOrLosingAnything() throws Throwable {
        acrossARestart("""
                def d = ecsWaitDeployment cluster: 'prod', service: 'myapp', timeout: '30m', credentialsId: 'aws'
                echo "verdict=${d.verdict}"
                """, 0);
    }

    private void acrossARestart(String script, int updates) throws Throwable {
        try (EcsWorld world = new EcsWorld(aws, clock).serviceOnRevision1()) {
            if (updates == 0) {
                world.ecs().updateService(b -> b.cluster("prod").service("myapp").taskDefinition("myapp:2"));
            }
            sessions.then(r -> {
                Fixtures.useSimulator(r, aws);
                Fixtures.add(Fixtures.awsKeys("aws", "AKIDRESTART", "restart-secret"));
                WorkflowJob p = r.createProject(WorkflowJob.class, "deploy");
                p.setDefinition(new CpsFlowDefinition(script, true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("Watching deployment ecs-svc/", b);
                clock.advance(Duration.ofSeconds(30)); // some events before the restart
                Thread.sleep(4000); // at least one poll printed and saved them
            });
            world.startTicking();
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("deploy", WorkflowJob.class).getBuildByNumber(1);
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                String log = JenkinsRule.getLog(b);
                r.assertLogContains("Resuming the watch of myapp in prod", b);
                r.assertLogContains("verdict=SUCCEEDED", b);
                assertThat(aws.requests("UpdateService")).hasSize(1);
                assertThat(Fixtures.count(log, "Updated service myapp")).isEqualTo(updates);
                Matcher m = DEPLOYMENT.matcher(log);
                assertThat(m.find()).isTrue();
                List<String> events = world.eventsSince(m.group(1));
                assertThat(events).hasSizeGreaterThan(2);
                for (String event : events) {
                    assertThat(Fixtures.count(log, event)).as("printed once per event: %s", event).isEqualTo(Collections.frequency(events, event));
                }
            });
        }
    }
}
