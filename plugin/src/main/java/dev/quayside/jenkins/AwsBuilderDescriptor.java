package dev.quayside.jenkins;

import dev.quayside.jenkins.aws.AwsForms;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** What the quayside freestyle build steps share: any project type, the same pickers and checks. */
public abstract class AwsBuilderDescriptor extends BuildStepDescriptor<Builder> {
    @Override
    @SuppressWarnings("rawtypes") // the real signature takes a raw AbstractProject class
    public boolean isApplicable(Class<? extends AbstractProject> jobType) {
        return true;
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
