package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.OperationBuilder;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Descriptor;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapper;
import hudson.tasks.BuildWrapperDescriptor;
import java.io.IOException;
import jenkins.tasks.SimpleBuildWrapper;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Freestyle: "Log in to Amazon ECR" for the whole build, configured and run as {@link EcrLoginStep}
 * (its form is nested here). DOCKER_CONFIG points at a private Docker config created on the agent; it
 * is removed when the build ends, however it ends.
 */
public final class EcrLoginBuildWrapper extends SimpleBuildWrapper {
    private final EcrLoginStep step;

    @DataBoundConstructor
    public EcrLoginBuildWrapper(EcrLoginStep step) {
        this.step = step;
    }

    public EcrLoginStep getStep() {
        return step;
    }

    @Override
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener, EnvVars initialEnvironment)
            throws IOException, InterruptedException {
        EcrLoginResult result = step.login(build, workspace, initialEnvironment, listener);
        result.environment().forEach(context::env);
        context.setDisposer(new RemoveDockerConfig(result.dockerConfig()));
    }

    /** Removes the private Docker config at the end of the build. */
    static final class RemoveDockerConfig extends Disposer {
        private static final long serialVersionUID = 1L;

        private final String path;

        RemoveDockerConfig(String path) {
            this.path = path;
        }

        @Override
        public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
            workspace.child(path).deleteRecursive();
            listener.getLogger().println("Removed the private Docker config " + path);
        }
    }

    @Extension
    @Symbol("quaysideEcrLogin")
    public static final class DescriptorImpl extends BuildWrapperDescriptor {
        @Override
        public boolean isApplicable(AbstractProject<?, ?> item) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.EcrLoginBuildWrapper_DisplayName();
        }

        @Override
        public BuildWrapper newInstance(StaplerRequest2 req, JSONObject formData) throws Descriptor.FormException {
            return new EcrLoginBuildWrapper(OperationBuilder.nestedStep(EcrLoginStep.class, req, formData));
        }
    }
}
