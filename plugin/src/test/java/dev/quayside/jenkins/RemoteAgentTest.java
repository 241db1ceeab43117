package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import dev.quayside.testing.time.MutableClock;
import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import java.nio.file.Path;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The whole release on a real agent (its own JVM, reached over remoting, as in production): every
 * request and answer crosses the channel and Jenkins' class filter, which the built-in node never
 * shows. Also: an unexpected failure on the agent reaches the build with its message.
 */
@WithJenkins
class RemoteAgentTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));

    @Test
    void theReleaseFlowOnARemoteAgent(JenkinsRule r) throws Exception {
        aws.ecr().registry(registry.endpoint(), registry.password());
        Fixtures.useSimulator(r, aws);
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDREMOTE", "remote-secret"));
        DumbSlave agent = r.createOnlineSlave(Label.get("remote"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "remote-release");
        FilePath workspace = agent.getWorkspaceFor(p);
        ImageFixture.Written image = ImageFixture.builder().seed(11).layerSizes(20_000, 30_000)
                .writeOciLayout(Path.of(workspace.child("build/image").getRemote()));
        workspace.child("ecs/taskdef.json").copyFrom(Fixtures.class.getResource("task-definition.json"));
        p.setDefinition(new CpsFlowDefinition("""
                node('remote') {
                  ecrLogin(credentialsId: 'aws') {
                    echo "logged in to ${env.ECR_REGISTRY}"
                  }
                  def img = ecrPush repository: 'myapp', source: 'oci:build/image', tags: ['1.0'], createRepository: true, credentialsId: 'aws'
                  def td = ecsRegisterTaskDef file: 'ecs/taskdef.json', images: [myapp: img.imageUriWithDigest], credentialsId: 'aws'
                  def d = ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: td.taskDefinitionArn, timeout: '10m', credentialsId: 'aws'
                  echo "verdict=${d.verdict} digest=${img.digest} revision=${td.revision}"
                }
                """, true));
        try (EcsWorld world = new EcsWorld(aws, clock).serviceOnRevision1()) {
            world.startTicking();

            WorkflowRun b = r.buildAndAssertSuccess(p);

            r.assertLogContains("Running on " + agent.getNodeName(), b);
            r.assertLogContains("verdict=SUCCEEDED digest=" + image.digest() + " revision=3", b);
            r.assertLogContains("Removed the private Docker config", b);
            r.assertLogNotContains("remote-secret", b);
        }
    }

    @Test
    void aBadRequestOnTheAgent_failsTheBuildWithTheEnginesMessage(JenkinsRule r) throws Exception {
        Fixtures.useSimulator(r, aws);
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDREMOTE", "remote-secret"));
        r.createOnlineSlave(Label.get("remote"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "remote-bad");
        p.setDefinition(new CpsFlowDefinition("node('remote') { ecrPush repository: 'myapp', source: 'oci:missing/dir', tags: ['1'], credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("missing/dir", b);
        r.assertLogNotContains("SecurityException", b);
    }
}
