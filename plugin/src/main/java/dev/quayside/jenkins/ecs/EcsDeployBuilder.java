package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.engine.deploy.PollOutcome;
import dev.quayside.engine.deploy.WatchState;
import dev.quayside.jenkins.AwsBuilder;
import dev.quayside.jenkins.AwsBuilderDescriptor;
import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.report.ReleaseEnvironmentAction;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * Freestyle "Deploy to an ECS service": UpdateService, then the same polls as {@code ecsDeploy}, each
 * on the agent. A freestyle build holds its executor meanwhile (as builders do); aborting the build
 * interrupts the wait at once. Exports ECS_DEPLOYMENT_ID and ECS_DEPLOYMENT_VERDICT.
 */
public final class EcsDeployBuilder extends AwsBuilder {
    private final String cluster;
    private final String service;
    private String taskDefinition;
    private Integer desiredCount;
    private boolean forceNewDeployment;
    private String timeout = "30m";

    @DataBoundConstructor
    public EcsDeployBuilder(String cluster, String service) {
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

    /** family, family:revision or ARN; ${VAR} is expanded (e.g. ${ECS_TASK_DEFINITION_ARN}). */
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

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener) throws InterruptedException, IOException {
        String td = FormText.fixEmpty(env.expand(taskDefinition));
        DeploySpec spec = AgentWork.run(() -> {
            DeploySpec s = new DeploySpec(env.expand(cluster), env.expand(service), td, desiredCount, forceNewDeployment, Durations.parse("timeout", timeout));
            s.request();
            return s;
        });
        AwsTarget target = target(run, env);
        WatchStart started = workspace.act(new EcsCalls.UpdateService(target, env, spec, listener));
        BuildLog.link(listener, "Watching deployment " + started.state().deploymentId() + " of " + spec.service() + " in " + spec.cluster() + ".",
                started.consoleUrl(), "ECS console");
        WatchState state = started.state();
        while (true) {
            PollOutcome outcome = workspace.act(new EcsCalls.Poll(target, env, spec.cluster(), spec.service(), null, spec.timeout(), state, listener)).outcome();
            state = outcome.state();
            outcome.lines().forEach(line -> BuildLog.print(listener, line));
            if (outcome.result().isPresent()) {
                DeploymentResult result = outcome.result().get();
                DeployResults.report(run, listener, result);
                ReleaseEnvironmentAction.export(run, DeployResults.environment(result));
                if (!result.succeeded()) {
                    throw new AbortException(DeployResults.failureMessage(result));
                }
                return;
            }
            Thread.sleep(outcome.nextDelay().toMillis());
        }
    }

    @Extension
    @Symbol("quaysideEcsDeploy")
    public static final class DescriptorImpl extends AwsBuilderDescriptor {
        @Override
        public String getDisplayName() {
            return Texts.get("EcsDeployBuilder.DisplayName");
        }

        public FormValidation doCheckCluster(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }

        public FormValidation doCheckService(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }
    }
}
