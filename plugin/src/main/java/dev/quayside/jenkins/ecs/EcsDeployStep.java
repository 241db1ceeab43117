package dev.quayside.jenkins.ecs;

import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.util.FormText;
import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: td.taskDefinitionArn}: rolls the
 * service to a revision (UpdateService on the agent), then watches our deployment like
 * {@code ecsWaitDeployment}. Returns verdict, deploymentId, taskDefinition, reason, rolledBackTo and
 * durationSeconds; fails the build unless the deployment SUCCEEDED.
 */
public final class EcsDeployStep extends EcsServiceStep {
    private String taskDefinition;
    private Integer desiredCount;
    private boolean forceNewDeployment;

    @DataBoundConstructor
    public EcsDeployStep(String cluster, String service) {
        super(cluster, service);
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

    @Override
    public StepExecution start(StepContext context) throws Exception {
        DeploySpec spec = AgentWork.run(() -> {
            DeploySpec s = new DeploySpec(getCluster(), getService(), taskDefinition, desiredCount, forceNewDeployment, Durations.parse("timeout", getTimeout()));
            s.request();
            return s;
        });
        return watch(context, null, spec.timeout(), spec);
    }

    @Extension
    public static final class DescriptorImpl extends ServiceStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecsDeploy";
        }

        @Override
        public String getDisplayName() {
            return Texts.get("EcsDeployStep.DisplayName");
        }
    }
}
