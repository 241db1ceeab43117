package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.time.MutableClock;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * ecsDeploy across a controller restart: the watch resumes from its saved state, UpdateService is not
 * repeated, no service event is printed twice, and the verdict is reached in the new session.
 */
class DeploymentRestartTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    static final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension(AwsSimulator.builder().clock(clock));
    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void ecsDeploy_survivesARestartWithoutRepeatingAnything() throws Throwable {
        try (EcsWorld world = new EcsWorld(aws, clock).serviceOnRevision1()) {
            sessions.then(r -> {
                Fixtures.useSimulator(r, aws);
                Fixtures.add(Fixtures.awsKeys("aws", "AKIDRESTART", "restart-secret"));
                WorkflowJob p = r.createProject(WorkflowJob.class, "deploy");
                p.setDefinition(new CpsFlowDefinition("""
                        node {
                          def d = ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: 'myapp:2', timeout: '30m', credentialsId: 'aws'
                          echo "verdict=${d.verdict}"
                        }
                        """, true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("Watching deployment ecs-svc/", b);
                Thread.sleep(1000); // at least one poll saved
            });
            world.startTicking();
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("deploy", WorkflowJob.class).getBuildByNumber(1);
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                String log = JenkinsRule.getLog(b);
                r.assertLogContains("Resuming the watch of myapp in prod", b);
                r.assertLogContains("verdict=SUCCEEDED", b);
                assertThat(aws.requests("UpdateService")).hasSize(1);
                assertThat(Fixtures.count(log, "Updated service myapp")).isEqualTo(1);
                for (String line : log.split("\\R")) {
                    if (line.contains("(service myapp)")) {
                        assertThat(Fixtures.count(log, line)).as("service event printed once: %s", line).isEqualTo(1);
                    }
                }
            });
        }
    }
}
