package dev.quayside.jenkins.ecs;

import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.util.FormText;
import hudson.util.FormValidation;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * What ecsDeploy and ecsWaitDeployment share: the service they watch (cluster and service, the
 * required arguments of each one's {@code @DataBoundConstructor}) and how long to wait for the
 * verdict; the watch itself is {@link DeploymentWatchExecution}.
 */
public abstract class EcsServiceStep extends AwsStep {
    private static final String DEFAULT_TIMEOUT = "30m";

    private final String cluster;
    private final String service;
    private String timeout = DEFAULT_TIMEOUT;

    protected EcsServiceStep(String cluster, String service) {
        this.cluster = FormText.fixEmpty(cluster);
        this.service = FormText.fixEmpty(service);
    }

    public String getCluster() {
        return cluster;
    }

    public String getService() {
        return service;
    }

    public String getTimeout() {
        return timeout;
    }

    /** 90s, 20m, 1h30m or ISO-8601; default 30m. */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = FormText.fixEmpty(timeout) == null ? DEFAULT_TIMEOUT : timeout.trim();
    }

    /** Watches {@code deploymentId} (null: the service's current one), after the UpdateService of {@code deploy} if not null. */
    final StepExecution watch(StepContext context, String deploymentId, Duration limit, DeploySpec deploy) {
        return new DeploymentWatchExecution(context, cluster, service, deploymentId, limit, getRegion(), getCredentialsId(), getRoleArn(), deploy);
    }

    /** The form checks of the required cluster and service. */
    public abstract static class ServiceStepDescriptor extends AwsStepDescriptor {
        public FormValidation doCheckCluster(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }

        public FormValidation doCheckService(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }
    }
}
