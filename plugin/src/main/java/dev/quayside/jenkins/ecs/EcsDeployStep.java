package dev.quayside.jenkins.ecs;

import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.jenkins.util.FormText;
import hudson.Extension;
import hudson.AbortException;
import hudson.model.Descriptor.FormException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code ecsDeploy cluster: 'prod', service: 'myapp', taskDefinition: td.taskDefinitionArn}: rolls the
 * service to a revision (UpdateService), or creates or updates it from a {@code serviceDefinition} file,
 * after the pre-flight of images and log groups; then watches our deployment like {@code ecsWaitDeployment}.
 * Returns verdict, deploymentId, taskDefinition, reason, rolledBackTo and durationSeconds; fails the
 * build unless the deployment SUCCEEDED. The freestyle {@link EcsDeployBuilder} holds one of these.
 */
public final class EcsDeployStep extends EcsServiceStep {
    private String taskDefinition;
    private Integer desiredCount;
    private boolean forceNewDeployment;
    private String serviceDefinition;
    private boolean createCluster;
    private ArrayList<String> capacityProviders = new ArrayList<>();
    private boolean skipPreflight;

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

    public String getServiceDefinition() {
        return serviceDefinition;
    }

    /** A service definition file, relative to the workspace: create the service from it, or update it with it. */
    @DataBoundSetter
    public void setServiceDefinition(String serviceDefinition) {
        this.serviceDefinition = FormText.fixEmpty(serviceDefinition);
    }

    public boolean isCreateCluster() {
        return createCluster;
    }

    @DataBoundSetter
    public void setCreateCluster(boolean createCluster) {
        this.createCluster = createCluster;
    }

    public List<String> getCapacityProviders() {
        return Collections.unmodifiableList(capacityProviders);
    }

    /** NAME[:weight[:base]] each, e.g. ['FARGATE_SPOT:3', 'FARGATE:1:1']. */
    @DataBoundSetter
    public void setCapacityProviders(List<String> capacityProviders) {
        this.capacityProviders = new ArrayList<>(FormText.strings(capacityProviders));
    }

    /** The form's text for {@link #getCapacityProviders()}. */
    public String getCapacityProvidersText() {
        return String.join(" ", capacityProviders);
    }

    public boolean isSkipPreflight() {
        return skipPreflight;
    }

    @DataBoundSetter
    public void setSkipPreflight(boolean skipPreflight) {
        this.skipPreflight = skipPreflight;
    }

    /**
     * The deploy's watch, checked before anything is sent. Pipeline and freestyle both deploy through it;
     * {@code expand} is applied to cluster, service and task definition (freestyle expands ${VAR}).
     */
    DeploymentWatch deployment(boolean onAgent, UnaryOperator<String> expand) throws IOException, InterruptedException {
        DeploySpec spec = AgentWork.run(() -> {
            DeploySpec s = new DeploySpec(expand.apply(getCluster()), expand.apply(getService()), FormText.fixEmpty(expand.apply(taskDefinition)),
                    desiredCount, forceNewDeployment, Durations.parse("timeout", getTimeout()), FormText.fixEmpty(expand.apply(serviceDefinition)),
                    createCluster, capacityProviders.stream().map(expand).toList(), !skipPreflight);
            s.request(null, Map.of());
            return s;
        });
        if (serviceDefinition != null && !onAgent) {
            throw new AbortException(Messages.EcsDeployStep_ServiceDefinitionNeedsNode());
        }
        return watch(null, spec.timeout(), spec, onAgent, expand);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new WatchExecution<>(context, deployment(insideNode(context), UnaryOperator.identity()));
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

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String providers = formData.optString("capacityProviders");
            EcsDeployStep step = (EcsDeployStep) super.newInstance(req, FormText.without(formData, "capacityProviders"));
            step.setCapacityProviders(FormText.words(providers));
            return step;
        }
    }
}
