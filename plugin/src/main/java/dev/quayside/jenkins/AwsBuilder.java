package dev.quayside.jenkins;

import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.aws.AwsTargets;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.tasks.Builder;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the quayside freestyle build steps share: the optional region, credentials id and role to
 * assume. Stapler and DescribableModel bind these inherited {@code @DataBoundSetter}s like a
 * builder's own; each builder keeps its help-FIELD.html files and config.jelly entries for them in
 * its own resource folder.
 */
public abstract class AwsBuilder extends Builder implements SimpleBuildStep {
    private String region;
    private String credentialsId;
    private String roleArn;

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

    /** Where and as whom to call AWS for {@code run}; ${VAR} in the region is expanded from {@code env}. */
    protected final AwsTarget target(Run<?, ?> run, EnvVars env) throws AbortException {
        return AwsTargets.resolve(run, env.expand(region), credentialsId, roleArn);
    }
}
