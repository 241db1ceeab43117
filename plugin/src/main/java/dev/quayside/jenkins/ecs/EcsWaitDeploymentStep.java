package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.WatchRequest;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.jenkins.util.FormText;
import hudson.Extension;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code ecsWaitDeployment cluster: 'prod', service: 'myapp'}: watches a deployment (by default the
 * service's current one) to a true verdict, holding no executor while it waits and surviving a
 * controller restart. Fails the build unless the deployment SUCCEEDED.
 */
public final class EcsWaitDeploymentStep extends EcsServiceStep {
    private String deploymentId;

    @DataBoundConstructor
    public EcsWaitDeploymentStep(String cluster, String service) {
        super(cluster, service);
    }

    public String getDeploymentId() {
        return deploymentId;
    }

    @DataBoundSetter
    public void setDeploymentId(String deploymentId) {
        this.deploymentId = FormText.fixEmpty(deploymentId);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        Duration limit = AgentWork.run(() -> {
            Duration d = Durations.parse("timeout", getTimeout());
            WatchRequest.builder().cluster(getCluster()).service(getService()).deploymentId(deploymentId).timeout(d).build();
            return d;
        });
        return new WatchExecution<>(context, watch(deploymentId, limit, null, insideNode(context), UnaryOperator.identity()));
    }

    @Extension
    public static final class DescriptorImpl extends ServiceStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecsWaitDeployment";
        }

        @Override
        public String getDisplayName() {
            return Messages.EcsWaitDeploymentStep_DisplayName();
        }
    }
}
