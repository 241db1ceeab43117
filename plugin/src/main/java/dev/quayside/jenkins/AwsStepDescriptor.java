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
import java.util.function.Function;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the quayside steps share: by default they run where the workspace is (AWS calls are made on
 * the agent) and read the build's environment; the same credentials picker and field checks serve
 * the Snippet Generator and, through the builders that hold a step, the freestyle forms. Every check
 * is a POST and answers only users who may configure the item.
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

    @POST
    public FormValidation doCheckRegion(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, value, AwsForms::checkRegion);
    }

    @POST
    public FormValidation doCheckRoleArn(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, value, AwsForms::checkRoleArn);
    }

    /** {@code check} of {@code value}, for users who may configure {@code item}; nothing for the others. */
    protected static FormValidation check(Item item, String value, Function<String, FormValidation> check) {
        return AwsForms.mayConfigure(item) ? check.apply(value) : FormValidation.ok();
    }
}
