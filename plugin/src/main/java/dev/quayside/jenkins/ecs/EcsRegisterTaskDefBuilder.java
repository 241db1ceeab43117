package dev.quayside.jenkins.ecs;

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
 * Freestyle "Register an Amazon ECS task definition": the registration of {@link EcsRegisterTaskDefStep},
 * with ${VAR} expanded in its file, image and family parameters; exports ECS_TASK_DEFINITION_ARN,
 * ECS_TASK_DEFINITION_FAMILY and ECS_TASK_DEFINITION_REVISION.
 */
public final class EcsRegisterTaskDefBuilder extends OperationBuilder<EcsRegisterTaskDefStep> {
    @DataBoundConstructor
    public EcsRegisterTaskDefBuilder(EcsRegisterTaskDefStep step) {
        super(step);
    }

    @Override
    public EcsRegisterTaskDefStep getStep() {
        return step;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener) throws InterruptedException, IOException {
        ReleaseEnvironmentAction.export(run, step.register(run, workspace, env, listener, env::expand).environment());
    }

    @Extension
    @Symbol("quaysideEcsRegisterTaskDef")
    public static final class DescriptorImpl extends OperationDescriptor<EcsRegisterTaskDefStep> {
        public DescriptorImpl() {
            super(EcsRegisterTaskDefStep.class, EcsRegisterTaskDefBuilder::new);
        }

        @Override
        public String getDisplayName() {
            return Messages.EcsRegisterTaskDefBuilder_DisplayName();
        }
    }
}
