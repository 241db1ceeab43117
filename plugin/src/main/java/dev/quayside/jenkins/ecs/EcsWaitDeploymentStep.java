package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.WatchRequest;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.util.FormText;
import hudson.Extension;
import hudson.util.FormValidation;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code ecsWaitDeployment cluster: 'prod', service: 'myapp'}: watches a deployment (by default the
 * service's current one) to a true verdict, holding no executor while it waits and surviving a
 * controller restart. Fails the build unless the deployment SUCCEEDED.
 */
public final class EcsWaitDeploymentStep extends Step {
    private final String cluster;
    private final String service;
    private String deploymentId;
    private String timeout = "30m";
    private String region;
    private String credentialsId;
    private String roleArn;

    @DataBoundConstructor
    public EcsWaitDeploymentStep(String cluster, String service) {
        this.cluster = FormText.fixEmpty(cluster);
        this.service = FormText.fixEmpty(service);
    }

    public String getCluster() {
        return cluster;
    }

    public String getService() {
        return service;
    }

    public String getDeploymentId() {
        return deploymentId;
    }

    @DataBoundSetter
    public void setDeploymentId(String deploymentId) {
        this.deploymentId = FormText.fixEmpty(deploymentId);
    }

    public String getTimeout() {
        return timeout;
    }

    /** 90s, 20m, 1h30m or ISO-8601; default 30m. */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = FormText.fixEmpty(timeout) == null ? "30m" : timeout.trim();
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = FormText.fixEmpty(region);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = FormText.fixEmpty(credentialsId);
    }

    public String getRoleArn() {
        return roleArn;
    }

    @DataBoundSetter
    public void setRoleArn(String roleArn) {
        this.roleArn = FormText.fixEmpty(roleArn);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        Duration limit = AgentWork.run(() -> {
            Duration d = Durations.parse("timeout", timeout);
            WatchRequest.builder().cluster(cluster).service(service).deploymentId(deploymentId).timeout(d).build();
            return d;
        });
        return new DeploymentWatchExecution(context, cluster, service, deploymentId, limit, region, credentialsId, roleArn, null);
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecsWaitDeployment";
        }

        @Override
        public String getDisplayName() {
            return Texts.get("EcsWaitDeploymentStep.DisplayName");
        }

        public FormValidation doCheckCluster(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }

        public FormValidation doCheckService(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }
    }
}
