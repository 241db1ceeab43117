package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.OperationBuilder;
import dev.quayside.jenkins.report.ReleaseEnvironmentAction;
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
 * Freestyle "Push an image to Amazon ECR": the push of {@link EcrPushStep}, with ${VAR} expanded in its
 * text parameters; exports ECR_IMAGE_URI, ECR_IMAGE_URI_WITH_DIGEST, ECR_IMAGE_DIGEST and ECR_REPOSITORY_URI.
 */
public final class EcrPushBuilder extends OperationBuilder<EcrPushStep> {
    @DataBoundConstructor
    public EcrPushBuilder(EcrPushStep step) {
        super(step);
    }

    @Override
    public EcrPushStep getStep() {
        return step;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener) throws InterruptedException, IOException {
        ReleaseEnvironmentAction.export(run, step.push(run, workspace, env, listener, env::expand).environment());
    }

    @Extension
    @Symbol("quaysideEcrPush")
    public static final class DescriptorImpl extends OperationDescriptor<EcrPushStep> {
        public DescriptorImpl() {
            super(EcrPushStep.class, EcrPushBuilder::new);
        }

        @Override
        public String getDisplayName() {
            return Messages.EcrPushBuilder_DisplayName();
        }
    }
}
