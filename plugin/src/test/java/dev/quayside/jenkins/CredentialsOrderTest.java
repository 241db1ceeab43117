package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsScope;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.registry.RegistryExtension;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Fingerprint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Where the AWS identity comes from, in the documented order: the step's credentialsId (AWS
 * credentials, or username/password holding a key pair; AWS credentials without keys mean the agent's
 * own chain), then the build environment's AWS_* variables (withCredentials), then the agent's default
 * chain. The simulator records the access key id of every request it receives.
 */
@WithJenkins
class CredentialsOrderTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    private JenkinsRule r;
    private AWSCredentialsImpl stepCredentials;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        aws.ecr().registry(registry.endpoint(), registry.password());
        aws.clearJournal();
        Fixtures.useSimulator(r, aws);
        stepCredentials = Fixtures.awsKeys("aws-step", "AKIDFROMSTEP", "step-secret");
        Fixtures.add(stepCredentials);
        Fixtures.add(Fixtures.keyPair("pair", "AKIDFROMPAIR", "pair-secret"));
        Fixtures.add(Fixtures.awsKeys("aws-env", "AKIDFROMENV", "env-secret"));
        Fixtures.add(new AWSCredentialsImpl(CredentialsScope.GLOBAL, "instance-profile", "", "", "no keys: the agent's own chain"));
    }

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private WorkflowRun login(String name, String script, Result expected) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(expected, p);
    }

    @Test
    void theStepsCredentialsWinOverTheEnvironment() throws Exception {
        WorkflowRun b = login("step-wins", """
                node {
                  withCredentials([aws(credentialsId: 'aws-env', accessKeyVariable: 'AWS_ACCESS_KEY_ID', secretKeyVariable: 'AWS_SECRET_ACCESS_KEY')]) {
                    ecrLogin(credentialsId: 'aws-step') { }
                  }
                }
                """, Result.SUCCESS);

        assertThat(Fixtures.keysUsed(aws, "GetAuthorizationToken")).containsExactly("AKIDFROMSTEP");
        r.assertLogContains("credentials from the given credentials", b);
        r.assertLogNotContains("step-secret", b);
        Fingerprint usage = CredentialsProvider.getFingerprintOf(stepCredentials);
        assertThat(usage).as("CredentialsProvider.track recorded the use").isNotNull();
        assertThat(usage.getJobs()).contains("step-wins");
    }

    @Test
    void usernamePasswordCredentialsHoldAKeyPair() throws Exception {
        login("pair", "node { ecrLogin(credentialsId: 'pair') { } }", Result.SUCCESS);

        assertThat(Fixtures.keysUsed(aws, "GetAuthorizationToken")).containsExactly("AKIDFROMPAIR");
    }

    @Test
    void withoutACredentialsId_theBuildEnvironmentsVariablesAreUsed() throws Exception {
        WorkflowRun b = login("env", """
                node {
                  withCredentials([aws(credentialsId: 'aws-env', accessKeyVariable: 'AWS_ACCESS_KEY_ID', secretKeyVariable: 'AWS_SECRET_ACCESS_KEY')]) {
                    ecrLogin { }
                  }
                }
                """, Result.SUCCESS);

        assertThat(Fixtures.keysUsed(aws, "GetAuthorizationToken")).containsExactly("AKIDFROMENV");
        r.assertLogContains("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables", b);
    }

    @Test
    void awsCredentialsWithoutKeys_meanTheAgentsOwnChain() throws Exception {
        // The built-in node is the agent here; the SDK's default chain reads these system properties.
        System.setProperty("aws.accessKeyId", "AKIDAGENTCHAIN");
        System.setProperty("aws.secretAccessKey", "agent-secret");

        login("instance-profile", "node { ecrLogin(credentialsId: 'instance-profile') { } }", Result.SUCCESS);

        assertThat(Fixtures.keysUsed(aws, "GetAuthorizationToken")).containsExactly("AKIDAGENTCHAIN");
    }

    @Test
    void withNothingConfigured_theAgentsDefaultChainIsUsed() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDDEFAULT");
        System.setProperty("aws.secretAccessKey", "default-secret");

        WorkflowRun b = login("default-chain", "node { ecrLogin { } }", Result.SUCCESS);

        assertThat(Fixtures.keysUsed(aws, "GetAuthorizationToken")).containsExactly("AKIDDEFAULT");
        r.assertLogContains("the default chain", b);
    }

    @Test
    void aMissingCredentialsId_failsWithItsName() throws Exception {
        WorkflowRun b = login("missing", "node { ecrLogin(credentialsId: 'nope') { } }", Result.FAILURE);

        r.assertLogContains("No credentials with id nope", b);
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void aBadRoleArn_isRefusedBeforeAnyCall() throws Exception {
        WorkflowRun b = login("bad-role", "node { ecrLogin(credentialsId: 'aws-step', roleArn: 'release-role') { } }", Result.FAILURE);

        r.assertLogContains("roleArn: 'release-role' is not an IAM role ARN", b);
        assertThat(aws.requests()).isEmpty();
    }
}
