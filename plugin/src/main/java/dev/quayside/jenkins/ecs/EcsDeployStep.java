package dev.quayside.jenkins.ecs;

import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.util.FormText;
import hudson.Extension;
import hudson.util.FormValidation;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: td.taskDefinitionArn}: rolls the
 * service to a revision (UpdateService on the agent), then watches our deployment like
 * {@code ecsWaitDeployment}. Returns verdict, deploymentId, taskDefinition, reason, rolledBackTo and
 * durationSeconds; fails the build unless the deployment SUCCEEDED.
 */
public final class EcsDeployStep extends Step {
    private final String cluster;
    private final String service;
    private String taskDefinition;
    private Integer desiredCount;
    private boolean forceNewDeployment;
    private String timeout = "30m";
    private String region;
    private String credentialsId;
    private String roleArn;

    @DataBoundConstructor
    public EcsDeployStep(String cluster, String service) {
        this.cluster = FormText.fixEmpty(cluster);
        this.service = FormText.fixEmpty(service);
    }

    public String getCluster() {
        return cluster;
    }

    public String getService() {
        return service;
    }

    public String getTaskDefinition() {
        return taskDefinition;
    }

    /** family, family:revision or ARN. */
    @DataBoundSetter
    public void setTaskDefinition(String taskDefinition) {
        this.taskDefinition = FormText.fixEmpty(taskDefinition);
    }

    public Integer getDesiredCount() {
        return desiredCount;
    }

    @DataBoundSetter
    public void setDesiredCount(Integer desiredCount) {
        this.desiredCount = desiredCount;
    }

    public boolean isForceNewDeployment() {
        return forceNewDeployment;
    }

    @DataBoundSetter
    public void setForceNewDeployment(boolean forceNewDeployment) {
        this.forceNewDeployment = forceNewDeployment;
    }

    public String getTimeout() {
        return timeout;
    }

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
        DeploySpec spec = AgentWork.run(() -> {
            DeploySpec s = new DeploySpec(cluster, service, taskDefinition, desiredCount, forceNewDeployment, Durations.parse("timeout", timeout));
            s.request();
            return s;
        });
        return new DeploymentWatchExecution(context, cluster, service, null, spec.timeout(), region, credentialsId, roleArn, spec);
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecsDeploy";
        }

        @Override
        public String getDisplayName() {
            return Texts.get("EcsDeployStep.DisplayName");
        }

        public FormValidation doCheckCluster(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }

        public FormValidation doCheckService(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }
    }
}
