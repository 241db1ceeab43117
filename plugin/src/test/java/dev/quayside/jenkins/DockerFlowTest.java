package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.docker.DockerDaemonExtension;
import dev.quayside.testing.registry.RegistryExtension;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The walk-through's flow inside {@code ecrLogin { }} with a real Docker daemon: {@code docker build},
 * {@code docker tag}, {@code docker push} to the real registry behind the simulator's ECR, logged in
 * through the block's private DOCKER_CONFIG only. The config is gone after the block, whether it
 * succeeded, failed or was aborted, and the build's HOME never gets a {@code .docker}. (EcrStepsTest
 * has the block's variables and result without a daemon.)
 */
@WithJenkins
class DockerFlowTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();
    @RegisterExtension
    static final DockerDaemonExtension docker = new DockerDaemonExtension();

    private JenkinsRule r;
    private Path home;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        aws.ecr().registry(registry.endpoint(), registry.password());
        Fixtures.useSimulator(r, aws);
        home = Files.createTempDirectory("build-home");
        EnvVars env = r.jenkins.getGlobalNodeProperties().get(EnvironmentVariablesNodeProperty.class).getEnvVars();
        env.put("DOCKER_HOST", docker.host());
        env.put("HOME", home.toString());
        env.put("DOCKER_BUILDKIT", "0");
        env.put("PATH+DEBIAN_DOCKER", docker.client().getParent().toString());
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDDOCKERFLOW", "docker-flow-secret"));
    }

    @Test
    void ecrLogin_thenDockerBuildTagPush_likeTheWalkThrough() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "walkthrough");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  writeFile file: 'Dockerfile', text: 'FROM scratch\\nCOPY index.html /srv/index.html\\n'
                  writeFile file: 'index.html', text: "release ${env.BUILD_NUMBER}"
                  ecrLogin(credentialsId: 'aws') {
                    echo "config=${env.DOCKER_CONFIG} registry=${env.ECR_REGISTRY}"
                    sh '''
                      docker build -t myapp:1.0 .
                      docker tag myapp:1.0 $ECR_REGISTRY/myapp:1.0
                      docker tag myapp:1.0 $ECR_REGISTRY/myapp:latest
                      docker push $ECR_REGISTRY/myapp:1.0
                      docker push $ECR_REGISTRY/myapp:latest
                    '''
                  }
                }
                """, true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        assertThat(registry.manifestDigest("myapp", "1.0")).isPresent().isEqualTo(registry.manifestDigest("myapp", "latest"));
        assertThat(Fixtures.dockerConfigOf(b)).doesNotExist();
        assertThat(home.resolve(".docker")).doesNotExist();
        r.assertLogNotContains(registry.password(), b);
        r.assertLogNotContains("docker login", b);
    }

    @Test
    void theConfigIsGone_whenTheBlockFails() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "push-fails");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  ecrLogin(credentialsId: 'aws') {
                    echo "config=${env.DOCKER_CONFIG} registry=${env.ECR_REGISTRY}"
                    sh 'docker push $ECR_REGISTRY/never-built:1.0'
                  }
                }
                """, true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        assertThat(Fixtures.dockerConfigOf(b)).doesNotExist();
        assertThat(home.resolve(".docker")).doesNotExist();
    }

    @Test
    void theConfigIsGone_whenTheBuildIsAborted() throws Exception {
        docker.buildFromScratch("slow:1.0", 3);
        WorkflowJob p = r.createProject(WorkflowJob.class, "push-aborted");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  ecrLogin(credentialsId: 'aws') {
                    echo "config=${env.DOCKER_CONFIG} registry=${env.ECR_REGISTRY}"
                    sh 'docker tag slow:1.0 $ECR_REGISTRY/slow:1.0 && docker push $ECR_REGISTRY/slow:1.0 && echo pushed && sleep 600'
                  }
                }
                """, true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("pushed", b);
        Path config = Fixtures.dockerConfigOf(b);
        assertThat(config.resolve("config.json")).exists();
        b.doStop();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        assertThat(config).doesNotExist();
        assertThat(registry.manifestDigest("slow", "1.0")).isPresent();
    }
}
