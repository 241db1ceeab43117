package dev.quayside.jenkins.ecs;

import dev.quayside.jenkins.AwsBuilder;
import dev.quayside.jenkins.AwsBuilderDescriptor;
import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.report.ReleaseAction;
import dev.quayside.jenkins.report.ReleaseEnvironmentAction;
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
 * Freestyle "Register an ECS task definition": the same as {@code ecsRegisterTaskDef}; exports
 * ECS_TASK_DEFINITION_ARN, ECS_TASK_DEFINITION_FAMILY and ECS_TASK_DEFINITION_REVISION.
 */
public final class EcsRegisterTaskDefBuilder extends AwsBuilder {
    private final String file;
    private String images;
    private String environment;
    private String unsetEnvironment;
    private String family;
    private boolean createLogGroups;

    @DataBoundConstructor
    public EcsRegisterTaskDefBuilder(String file) {
        this.file = FormText.fixEmpty(file);
    }

    public String getFile() {
        return file;
    }

    public String getImages() {
        return images;
    }

    /** CONTAINER=IMAGE lines; ${VAR} is expanded from the build environment. */
    @DataBoundSetter
    public void setImages(String images) {
        this.images = FormText.fixEmpty(images);
    }

    public String getEnvironment() {
        return environment;
    }

    /** CONTAINER:NAME=VALUE lines. */
    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = FormText.fixEmpty(environment);
    }

    public String getUnsetEnvironment() {
        return unsetEnvironment;
    }

    /** CONTAINER:NAME lines. */
    @DataBoundSetter
    public void setUnsetEnvironment(String unsetEnvironment) {
        this.unsetEnvironment = FormText.fixEmpty(unsetEnvironment);
    }

    public String getFamily() {
        return family;
    }

    @DataBoundSetter
    public void setFamily(String family) {
        this.family = FormText.fixEmpty(family);
    }

    public boolean isCreateLogGroups() {
        return createLogGroups;
    }

    @DataBoundSetter
    public void setCreateLogGroups(boolean createLogGroups) {
        this.createLogGroups = createLogGroups;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener) throws InterruptedException, IOException {
        TaskDefSpec spec;
        try {
            spec = new TaskDefSpec(env.expand(file), FormText.pairs("images", env.expand(images)), FormText.nestedPairs("environment", environment),
                    FormText.lines(unsetEnvironment), env.expand(family), createLogGroups);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        TaskDefSummary registered = workspace.act(new RegisterTaskDefCallable(target(run, env), env, spec, listener));
        ReleaseAction.of(run).taskDefinition(registered.familyRevision(), registered.taskDefinitionArn());
        ReleaseEnvironmentAction.export(run, registered.environment());
    }

    @Extension
    @Symbol("quaysideEcsRegisterTaskDef")
    public static final class DescriptorImpl extends AwsBuilderDescriptor {
        @Override
        public String getDisplayName() {
            return Texts.get("EcsRegisterTaskDefBuilder.DisplayName");
        }

        public FormValidation doCheckFile(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }
    }
}
