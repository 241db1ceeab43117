package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.aws.AwsTargets;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.tasks.BuildWrapperDescriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.util.List;
import jenkins.tasks.SimpleBuildWrapper;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Freestyle: "Log in to Amazon ECR" for the whole build. DOCKER_CONFIG points at a private Docker
 * config created on the agent; it is removed when the build ends, however it ends.
 */
public final class EcrLoginBuildWrapper extends SimpleBuildWrapper {
    private String region;
    private String credentialsId;
    private String roleArn;
    private String registryIds;

    @DataBoundConstructor
    public EcrLoginBuildWrapper() {
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

    public String getRegistryIds() {
        return registryIds;
    }

    /** Account ids separated by blanks or commas; empty means the caller's own registry. */
    @DataBoundSetter
    public void setRegistryIds(String registryIds) {
        this.registryIds = FormText.fixEmpty(registryIds);
    }

    @Override
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener, EnvVars initialEnvironment)
            throws IOException, InterruptedException {
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException(Texts.get("EcrLoginStep.NoTempDir", workspace.getRemote()));
        }
        List<String> ids = FormText.words(registryIds);
        EcrLoginResult result = tmp.act(new EcrLoginCallable(AwsTargets.resolve(build, region, credentialsId, roleArn),
                initialEnvironment, ids, true, listener));
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
            return Texts.get("EcrLoginBuildWrapper.DisplayName");
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return AwsForms.credentialsItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return AwsForms.checkCredentialsId(item, value);
        }

        public FormValidation doCheckRegion(@QueryParameter String value) {
            return AwsForms.checkRegion(value);
        }

        public FormValidation doCheckRoleArn(@QueryParameter String value) {
            return AwsForms.checkRoleArn(value);
        }

        public FormValidation doCheckRegistryIds(@QueryParameter String value) {
            return AwsForms.checkAccountIds(value);
        }
    }
}
