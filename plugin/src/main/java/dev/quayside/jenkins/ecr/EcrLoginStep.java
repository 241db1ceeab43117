package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.util.FormValidation;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code ecrLogin { ... }}: the body runs with DOCKER_CONFIG pointing at a private Docker config for
 * the ECR registries, created on the agent and removed when the body ends, however it ends. Without a
 * body it only answers the registry (host and URL), never a password or a {@code docker login} line.
 */
public final class EcrLoginStep extends AwsStep {
    private List<String> registryIds = List.of();

    @DataBoundConstructor
    public EcrLoginStep() {
    }

    public List<String> getRegistryIds() {
        return registryIds;
    }

    /** Account ids of the registries (cross-account); empty means the caller's own registry. */
    @DataBoundSetter
    public void setRegistryIds(List<String> registryIds) {
        this.registryIds = List.copyOf(FormText.strings(registryIds));
    }

    /** The form's text for {@link #getRegistryIds()}. */
    public String getRegistryIdsText() {
        return String.join(" ", registryIds);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
        private final transient EcrLoginStep step;

        Execution(EcrLoginStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            run(this::login);
            return false;
        }

        private void login() throws Exception {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            FilePath workspace = context.get(FilePath.class);
            EnvVars env = context.get(EnvVars.class);
            boolean body = context.hasBody();
            FilePath tmp = WorkspaceList.tempDir(workspace);
            if (tmp == null) {
                throw new AbortException(Texts.get("EcrLoginStep.NoTempDir", workspace.getRemote()));
            }
            EcrLoginResult result = tmp.act(new EcrLoginCallable(step.target(run), env, step.registryIds, body, listener));
            if (!body) {
                context.onSuccess(result.toMap());
                return;
            }
            context.newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(context.get(EnvironmentExpander.class), EnvironmentExpander.constant(result.environment())))
                    .withCallback(new RemoveDockerConfig(workspace.child(result.dockerConfig())))
                    .start();
        }

        /** Removes the private Docker config when the body ends: success, failure or abort. */
        private final class RemoveDockerConfig extends TailCall {
            private static final long serialVersionUID = 1L;

            private final FilePath dir;

            RemoveDockerConfig(FilePath dir) {
                this.dir = dir;
            }

            @Override
            protected void finished(StepContext context) throws Exception {
                dir.deleteRecursive();
                context.get(TaskListener.class).getLogger().println("Removed the private Docker config " + dir.getRemote());
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecrLogin";
        }

        @Override
        public String getDisplayName() {
            return Texts.get("EcrLoginStep.DisplayName");
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String ids = formData.optString("registryIds");
            formData.discard("registryIds");
            EcrLoginStep step = (EcrLoginStep) super.newInstance(req, formData);
            step.setRegistryIds(FormText.words(ids));
            return step;
        }

        public FormValidation doCheckRegistryIds(@QueryParameter String value) {
            return AwsForms.checkAccountIds(value);
        }
    }
}
