package dev.quayside.jenkins;

import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.aws.AwsTargets;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import hudson.model.Run;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the quayside steps share: the optional region, credentials id and role to assume.
 * DescribableModel (Snippet Generator, Pipeline arguments) and Stapler bind these inherited
 * {@code @DataBoundSetter}s like a step's own; each step keeps its help-FIELD.html files and
 * config.jelly entries for them in its own resource folder. A step is also the configuration of its
 * freestyle counterpart ({@link OperationBuilder}), so each parameter is declared once.
 */
public abstract class AwsStep extends Step {
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

    /** Where and as whom to call AWS for {@code run}: region ({@code expand}ed: freestyle takes ${VAR}), credentials and role. */
    protected final AwsTarget target(Run<?, ?> run, UnaryOperator<String> expand) throws AbortException {
        return AwsTargets.resolve(run, expand.apply(region), credentialsId, roleArn);
    }
}
