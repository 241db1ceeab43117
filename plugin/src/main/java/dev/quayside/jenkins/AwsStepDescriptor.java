package dev.quayside.jenkins;

import dev.quayside.jenkins.aws.AwsForms;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the quayside Pipeline steps share: they run where the workspace is (AWS calls are made on the
 * agent), read the build's environment, and offer the same credentials picker and field checks.
 */
public abstract class AwsStepDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
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
}
