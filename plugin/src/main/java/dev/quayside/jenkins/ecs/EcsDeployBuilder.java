package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.OperationBuilder;
import dev.quayside.jenkins.report.ReleaseEnvironmentAction;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Freestyle "Deploy to an ECS service": the deploy and watch of {@link EcsDeployStep} (the same
 * {@link DeploymentWatch}, its calls on the build's agent), with ${VAR} expanded in cluster, service and
 * task definition. A freestyle build holds its executor meanwhile, as builders do; aborting the build
 * stops the watch at once. Exports ECS_DEPLOYMENT_ID, ECS_DEPLOYMENT_VERDICT and ECS_DEPLOYMENT_TASK_DEFINITION.
 */
public final class EcsDeployBuilder extends OperationBuilder<EcsDeployStep> {
    @DataBoundConstructor
    public EcsDeployBuilder(EcsDeployStep step) {
        super(step);
    }

    @Override
    public EcsDeployStep getStep() {
        return step;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener) throws InterruptedException, IOException {
        DeploymentResult result = AgentWatch.inFreestyleBuild(step.deployment(true, env::expand), run, workspace, env, listener);
        ReleaseEnvironmentAction.export(run, DeployResults.environment(result));
        if (!result.succeeded()) {
            throw new AbortException(DeployResults.failureMessage(result));
        }
    }

    @Extension
    @Symbol("quaysideEcsDeploy")
    public static final class DescriptorImpl extends OperationDescriptor<EcsDeployStep> {
        public DescriptorImpl() {
            super(EcsDeployStep.class, EcsDeployBuilder::new);
        }

        @Override
        public String getDisplayName() {
            return Messages.EcsDeployBuilder_DisplayName();
        }
    }
}
