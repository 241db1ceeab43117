package dev.quayside.jenkins.ecs;

import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.OperationBuilder;
import dev.quayside.jenkins.report.ReleaseEnvironmentAction;
import hudson.AbortException;
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
 * Freestyle "Run a one-off Amazon ECS task": the task of {@link EcsRunTaskStep} (the same {@link TaskWatch},
 * its calls on the build's agent), with ${VAR} expanded in its text parameters. The build holds its executor
 * meanwhile; aborting the build stops the task. Exports ECS_TASK_ARN and ECS_TASK_VERDICT.
 */
public final class EcsRunTaskBuilder extends OperationBuilder<EcsRunTaskStep> {
    @DataBoundConstructor
    public EcsRunTaskBuilder(EcsRunTaskStep step) {
        super(step);
    }

    @Override
    public EcsRunTaskStep getStep() {
        return step;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener) throws InterruptedException, IOException {
        TaskVerdict verdict = AgentWatch.inFreestyleBuild(step.watch(env, true, env::expand), run, workspace, env, listener);
        ReleaseEnvironmentAction.export(run, verdict.environment());
        if (!verdict.succeeded()) {
            throw new AbortException(verdict.failure());
        }
    }

    @Extension
    @Symbol("quaysideEcsRunTask")
    public static final class DescriptorImpl extends OperationDescriptor<EcsRunTaskStep> {
        public DescriptorImpl() {
            super(EcsRunTaskStep.class, EcsRunTaskBuilder::new);
        }

        @Override
        public String getDisplayName() {
            return Messages.EcsRunTaskBuilder_DisplayName();
        }
    }
}
