package dev.quayside.jenkins.ecs;

import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.engine.deploy.WatchState;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What ecsDeploy and ecsWaitDeployment share: the service they watch (cluster and service, the
 * required arguments of each one's {@code @DataBoundConstructor}) and how long to wait for the
 * verdict; the watch itself is {@link DeploymentWatch}. They need no workspace: inside {@code node {}}
 * the calls run on the agent, outside on the controller with the step's credentials.
 */
public abstract class EcsServiceStep extends AwsStep {
    private static final String DEFAULT_TIMEOUT = "30m";

    private final String cluster;
    private final String service;
    private String timeout = DEFAULT_TIMEOUT;
    private Integer logLines;

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

    public Integer getLogLines() {
        return logLines;
    }

    /** Log lines per stopped task's essential container shown under a failure (CloudWatch Logs); 0: none; null: 30. */
    @DataBoundSetter
    public void setLogLines(Integer logLines) {
        this.logLines = logLines;
    }

    /**
     * The watch of {@code deploymentId} (null: the service's current one), after the UpdateService of
     * {@code deploy} if not null; {@code expand} is applied to cluster, service and region (freestyle expands ${VAR}).
     */
    final DeploymentWatch watch(String deploymentId, Duration limit, DeploySpec deploy, boolean onAgent, UnaryOperator<String> expand)
            throws AbortException {
        if (!onAgent && getCredentialsId() == null) {
            throw new AbortException(Messages.EcsServiceStep_ControllerNeedsCredentials(getDescriptor().getFunctionName()));
        }
        if (logLines != null) {
            try {
                WatchState.start(cluster, service, null, 0).withLogLines(logLines);
            } catch (QuaysideException e) {
                throw new AbortException(e.getMessage());
            }
        }
        return new DeploymentWatch(expand.apply(cluster), expand.apply(service), deploymentId, limit, expand.apply(getRegion()), getCredentialsId(), getRoleArn(),
                deploy, onAgent, System.currentTimeMillis(), logLines);
    }

    /** Whether a Pipeline step runs inside node {} (its calls then go to that agent), rather than on the controller. */
    static boolean insideNode(StepContext context) throws Exception {
        return context.get(FilePath.class) != null;
    }

    /** The form checks of the required cluster and service; no workspace is required. */
    public abstract static class ServiceStepDescriptor extends AwsStepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @POST
        public FormValidation doCheckCluster(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkRequired);
        }

        @POST
        public FormValidation doCheckService(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkRequired);
        }
    }
}
