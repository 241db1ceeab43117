package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.util.FormText;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.util.FormValidation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code ecrLogin { ... }}: the body runs with DOCKER_CONFIG pointing at a private Docker config for
 * the ECR registries, created on the agent and removed when the body ends, however it ends. A block
 * is required (Pipeline refuses the call without one): there is no form that hands out a password or
 * a {@code docker login} line. The freestyle wrapper runs the same login for the whole build.
 */
public final class EcrLoginStep extends AwsStep {
    // Plain ArrayList/LinkedHashMap fields: the freestyle job's XML holds this step, and XStream refuses
    // to write the JDK's immutable collections.
    private ArrayList<String> registryIds = new ArrayList<>();

    @DataBoundConstructor
    public EcrLoginStep() {
    }

    public List<String> getRegistryIds() {
        return Collections.unmodifiableList(registryIds);
    }

    /** Account ids of the registries (cross-account); empty means the caller's own registry. */
    @DataBoundSetter
    public void setRegistryIds(List<String> registryIds) {
        this.registryIds = new ArrayList<>(FormText.strings(registryIds));
    }

    /** The form's text for {@link #getRegistryIds()}. */
    public String getRegistryIdsText() {
        return String.join(" ", registryIds);
    }

    /**
     * On the agent of {@code workspace}: GetAuthorizationToken with the build's identity and a private
     * Docker config in the workspace's temporary directory. Pipeline and freestyle both log in here.
     */
    EcrLoginResult login(Run<?, ?> run, FilePath workspace, EnvVars env, TaskListener listener) throws IOException, InterruptedException {
        FilePath tmp = WorkspaceList.tempDir(workspace);
        if (tmp == null) {
            throw new AbortException(Messages.EcrLoginStep_NoTempDir(workspace.getRemote()));
        }
        return tmp.act(new EcrLoginCallable(target(run, UnaryOperator.identity()), env, registryIds, listener));
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
            EcrLoginResult result = step.login(context.get(Run.class), context.get(FilePath.class), context.get(EnvVars.class),
                    context.get(TaskListener.class));
            context.newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(context.get(EnvironmentExpander.class), EnvironmentExpander.constant(result.environment())))
                    .withCallback(new RemoveDockerConfig(result.dockerConfig()))
                    .start();
        }

        /**
         * Removes the private Docker config when the body ends: success, failure or abort. Keeps the path
         * only and finds the workspace when it runs, so that it also works after a controller restart.
         */
        private final class RemoveDockerConfig extends TailCall {
            private static final long serialVersionUID = 1L;

            private final String path;

            RemoveDockerConfig(String path) {
                this.path = path;
            }

            @Override
            protected void finished(StepContext context) throws Exception {
                context.get(FilePath.class).child(path).deleteRecursive();
                context.get(TaskListener.class).getLogger().println("Removed the private Docker config " + path);
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
            return Messages.EcrLoginStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String ids = formData.optString("registryIds");
            EcrLoginStep step = (EcrLoginStep) super.newInstance(req, FormText.without(formData, "registryIds"));
            step.setRegistryIds(FormText.words(ids));
            return step;
        }

        @POST
        public FormValidation doCheckRegistryIds(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkAccountIds);
        }
    }
}
