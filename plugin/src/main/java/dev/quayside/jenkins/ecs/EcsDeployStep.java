package dev.quayside.jenkins.ecs;

import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.jenkins.util.FormText;
import hudson.Extension;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: td.taskDefinitionArn}: rolls the
 * service to a revision (UpdateService), then watches our deployment like {@code ecsWaitDeployment}.
 * Returns verdict, deploymentId, taskDefinition, reason, rolledBackTo and durationSeconds; fails the
 * build unless the deployment SUCCEEDED. The freestyle {@link EcsDeployBuilder} holds one of these.
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

    /** 0 or more; null leaves the service's count as it is. */
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

    /**
     * The deploy's watch, checked before anything is sent. Pipeline and freestyle both deploy through it;
     * {@code expand} is applied to cluster, service and task definition (freestyle expands ${VAR}).
     */
    DeploymentWatch deployment(boolean onAgent, UnaryOperator<String> expand) throws IOException, InterruptedException {
        DeploySpec spec = AgentWork.run(() -> {
            DeploySpec s = new DeploySpec(expand.apply(getCluster()), expand.apply(getService()), FormText.fixEmpty(expand.apply(taskDefinition)),
                    desiredCount, forceNewDeployment, Durations.parse("timeout", getTimeout()));
            s.request();
            return s;
        });
        return watch(null, spec.timeout(), spec, onAgent, expand);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new DeploymentWatchExecution(context, deployment(insideNode(context), UnaryOperator.identity()));
    }

    @Extension
    public static final class DescriptorImpl extends ServiceStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecsDeploy";
        }

        @Override
        public String getDisplayName() {
            return Messages.EcsDeployStep_DisplayName();
        }
    }
}
