package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.jenkins.report.ReleaseAction;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import java.nio.file.Path;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** ecrLogin and ecrPush in scripted and Declarative Pipelines, against the real registry and the ECR simulator. */
@WithJenkins
class EcrStepsTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        aws.ecr().registry(registry.endpoint(), registry.password());
        aws.clearJournal();
        Fixtures.useSimulator(r, aws);
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDSTEPS", "steps-secret"));
    }

    @Test
    void ecrPush_fromAnOciLayoutInTheWorkspace_returnsTheImageAndRecordsIt() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "push");
        ImageFixture.Written image = Fixtures.imageInWorkspace(r, p, "build/image", 1);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def img = ecrPush repository: 'myapp', source: 'oci:build/image', tags: ["1.${env.BUILD_NUMBER}", 'latest'],
                                    createRepository: true, credentialsId: 'aws'
                  echo "pushed ${img.imageUriWithDigest} digest=${img.digest} tags=${img.tags}"
                  echo "uri=${img.imageUri} repo=${img.repositoryUri}"
                }
                """, true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("digest=" + image.digest(), b);
        r.assertLogContains("uri=" + registry.hostPort() + "/myapp:1.1", b);
        r.assertLogContains("tags=[1.1, latest]", b);
        assertThat(registry.manifestDigest("myapp", "latest")).contains(image.digest());
        assertThat(Fixtures.keysUsed(aws, "GetAuthorizationToken")).containsOnly("AKIDSTEPS");
        r.assertLogNotContains(registry.password(), b);
        assertThat(b.getAction(ReleaseAction.class).getEntries()).extracting(ReleaseAction.Entry::getDetail).contains(image.digest());
        String page = r.createWebClient().getPage(b).asNormalizedText();
        assertThat(page).as("the build page's summary").contains("Released with quayside").contains(registry.hostPort() + "/myapp:1.1")
                .contains(image.digest());
    }

    @Test
    void ecrPush_withAScanGate_failsOnACriticalFinding_andPassesWithItAllowed_returningTheCounts() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "scan-gate");
        // The image carries its findings as a label the simulator's scan reports (a vulnerable openssl).
        ImageFixture.builder().seed(7).layerSizes(20_000).label("dev.quayside.simulator.findings", "CRITICAL:CVE-2024-0001:openssl:3.0.1:3.0.2")
                .writeOciLayout(Path.of(r.jenkins.getWorkspaceFor(p).getRemote(), "build", "image"));
        aws.ecr().scanDuration(Duration.ofSeconds(1));
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def img = ecrPush repository: 'scanned', source: 'oci:build/image', tags: ['1.0'], createRepository: true,
                                    scanFailOn: 'HIGH', scanAllow: params.ALLOW ? [params.ALLOW] : [], credentialsId: 'aws'
                  echo "scan=${img.scan}"
                }
                """, true));
        p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("ALLOW", "")));

        WorkflowRun failed = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("CRITICAL CVE-2024-0001 openssl 3.0.1 (fixed in 3.0.2)", failed);
        r.assertLogContains("1 finding at or above HIGH not allowed: CVE-2024-0001", failed);

        WorkflowRun passed = r.assertBuildStatusSuccess(p.scheduleBuild2(0, new ParametersAction(
                new StringParameterValue("ALLOW", "CVE-2024-0001=no TLS in this service"))));
        r.assertLogContains("[allowed: no TLS in this service]", passed);
        r.assertLogContains("scan=[passed:true, counts:[CRITICAL:1], allowed:[CVE-2024-0001]]", passed);
    }

    @Test
    void ecrScanGate_onAnImagePushedEarlier_failsOnAHighFinding_andReportsOnlyWithoutFailOn() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "scan-gate-step");
        ImageFixture.builder().seed(8).layerSizes(20_000).label("dev.quayside.simulator.findings", "HIGH:CVE-2024-0002:zlib:1.2.11:1.2.12")
                .writeOciLayout(Path.of(r.jenkins.getWorkspaceFor(p).getRemote(), "build", "image"));
        aws.ecr().scanDuration(Duration.ofSeconds(1));
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def img = ecrPush repository: 'gated', source: 'oci:build/image', tags: ['2.0'], createRepository: true, credentialsId: 'aws'
                  def report = ecrScanGate image: img.imageUriWithDigest, credentialsId: 'aws'
                  echo "report=${report.passed} ${report.counts}"
                  ecrScanGate image: 'gated:2.0', failOn: 'HIGH', timeout: '2m', credentialsId: 'aws'
                  echo 'not reached'
                }
                """, true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("report=true [HIGH:1]", b);
        r.assertLogContains("HIGH CVE-2024-0002 zlib 1.2.11 (fixed in 1.2.12)", b);
        r.assertLogContains("1 finding at or above HIGH not allowed: CVE-2024-0002", b);
        r.assertLogNotContains("not reached", b);
    }

    @Test
    void ecrScanGate_withAnUnknownSeverity_failsBeforeAnyAwsCall() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "scan-gate-bad");
        p.setDefinition(new CpsFlowDefinition("node { ecrScanGate image: 'myapp:1.0', failOn: 'SEVERE', credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("failOn: ", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void ecrPush_withNeitherImageNorSource_failsBeforeAnyAwsCall() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "no-source");
        p.setDefinition(new CpsFlowDefinition("node { ecrPush repository: 'myapp', tags: ['1.0'], credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("source: give either image", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void ecrPush_withAMalformedRequestTimeout_failsBeforeAnyAwsCall() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "bad-timeout");
        Fixtures.imageInWorkspace(r, p, "build/image", 3);
        p.setDefinition(new CpsFlowDefinition("node { ecrPush repository: 'myapp', source: 'oci:build/image', tags: ['1'], requestTimeout: 'soon', credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("requestTimeout: 'soon' is not a duration", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void ecrLogin_block_setsAPrivateDockerConfigAndRemovesItAfterwards() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "login");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  def r = ecrLogin(credentialsId: 'aws') {
                    echo "config=${env.DOCKER_CONFIG} registry=${env.ECR_REGISTRY} url=${env.ECR_REGISTRY_URL}"
                    echo "present=${fileExists(env.DOCKER_CONFIG + '/config.json')}"
                    'body result'
                  }
                  echo "returned ${r}"
                }
                """, true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("registry=" + registry.hostPort(), b);
        r.assertLogContains("present=true", b);
        r.assertLogContains("returned body result", b);
        r.assertLogContains("Removed the private Docker config", b);
        Path config = Fixtures.dockerConfigOf(b);
        assertThat(config.toString()).contains("@tmp");
        assertThat(config).doesNotExist();
        r.assertLogNotContains(registry.password(), b);
    }

    @Test
    void ecrLogin_withoutABlock_isRefusedBeforeAnyCall() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "login-no-body");
        p.setDefinition(new CpsFlowDefinition("node { def login = ecrLogin credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("ecrLogin step must be called with a body", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void ecrLogin_byClassName_isOursWhereAnotherPluginHasTheSameStepName() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "login-by-class");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  steps.'dev.quayside.jenkins.ecr.EcrLoginStep'(credentialsId: 'aws') {
                    echo "registry=${env.ECR_REGISTRY}"
                  }
                }
                """, true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("registry=" + registry.hostPort(), b);
        r.assertLogContains("Removed the private Docker config", b);
    }

    @Test
    void declarativePipeline_logsInAndPushes() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "declarative");
        ImageFixture.Written image = Fixtures.imageInWorkspace(r, p, "out/image", 2);
        p.setDefinition(new CpsFlowDefinition("""
                pipeline {
                  agent any
                  stages {
                    stage('push') {
                      steps {
                        ecrLogin(credentialsId: 'aws') {
                          echo "logged in to ${env.ECR_REGISTRY}"
                        }
                        ecrPush repository: 'declarative', source: 'oci:out/image', tags: ['1.0'], createRepository: true, credentialsId: 'aws'
                      }
                    }
                  }
                }
                """, true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("logged in to " + registry.hostPort(), b);
        assertThat(registry.manifestDigest("declarative", "1.0")).contains(image.digest());
    }
}
