package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.jenkins.ecr.EcrLoginBuildWrapper;
import dev.quayside.jenkins.ecr.EcrLoginStep;
import dev.quayside.jenkins.ecr.EcrPushBuilder;
import dev.quayside.jenkins.ecr.EcrPushStep;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.TaskListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle side: the ECR login build wrapper and the push build step (${VAR} expanded) with its exported variables. */
@WithJenkins
class FreestyleTest {
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
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDFREESTYLE", "freestyle-secret"));
    }

    @Test
    void loginWrapper_givesTheBuildAPrivateDockerConfig_removedAtTheEnd() throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("wrapper");
        EcrLoginStep login = new EcrLoginStep();
        login.setCredentialsId("aws");
        p.getBuildWrappersList().add(new EcrLoginBuildWrapper(login));
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<Boolean> present = new AtomicReference<>();
        p.getBuildersList().add(new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener) throws java.io.IOException, InterruptedException {
                EnvVars env = build.getEnvironment(listener);
                seen.set(env.get("DOCKER_CONFIG"));
                present.set(Files.isRegularFile(Path.of(env.get("DOCKER_CONFIG"), "config.json")));
                return true;
            }
        });

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        assertThat(present.get()).isTrue();
        assertThat(Path.of(seen.get())).doesNotExist();
        r.assertLogNotContains(registry.password(), b);
    }

    @Test
    void pushBuildStep_exportsTheImageToTheStepsAfterIt() throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("push-freestyle");
        ImageFixture.Written image = Fixtures.imageInWorkspace(r, p, "image", 7);
        EcrPushStep push = new EcrPushStep("freestyle");
        push.setSource("oci:${IMAGE_DIR}");
        push.setTags(List.of("${BUILD_NUMBER}", "latest"));
        push.setCreateRepository(true);
        push.setCredentialsId("aws");
        p.getBuildersList().add(new EcrPushBuilder(push));
        p.addProperty(new hudson.model.ParametersDefinitionProperty(new hudson.model.StringParameterDefinition("IMAGE_DIR", "image")));

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        EnvVars env = b.getEnvironment(TaskListener.NULL);
        assertThat(env.get("ECR_IMAGE_DIGEST")).isEqualTo(image.digest());
        assertThat(env.get("ECR_IMAGE_URI")).isEqualTo(registry.hostPort() + "/freestyle:1");
        assertThat(registry.manifestDigest("freestyle", "latest")).contains(image.digest());
    }
}
