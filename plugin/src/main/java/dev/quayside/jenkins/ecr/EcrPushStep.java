package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.report.ReleaseAction;
import dev.quayside.jenkins.util.FormText;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.util.FormValidation;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code ecrPush repository: 'myapp', source: 'oci:build/image', tags: ['1.0', 'latest']}: pushes an
 * image from files in the workspace (or a local Docker image) to ECR, on the agent. Returns imageUri,
 * imageUriWithDigest, digest, repositoryUri and tags.
 */
public final class EcrPushStep extends AwsStep {
    private final String repository;
    private String image;
    private String source;
    private List<String> tags = List.of();
    private boolean createRepository;
    private boolean scanOnPush = true;
    private String encryption;
    private String kmsKey;
    private String tagMutability;
    private String lifecyclePolicy;
    private String registryId;

    @DataBoundConstructor
    public EcrPushStep(String repository) {
        this.repository = FormText.fixEmpty(repository);
    }

    public String getRepository() {
        return repository;
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = FormText.fixEmpty(image);
    }

    public String getSource() {
        return source;
    }

    @DataBoundSetter
    public void setSource(String source) {
        this.source = FormText.fixEmpty(source);
    }

    public List<String> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = List.copyOf(FormText.strings(tags));
    }

    /** The form's text for {@link #getTags()}. */
    public String getTagsText() {
        return String.join(" ", tags);
    }

    public boolean isCreateRepository() {
        return createRepository;
    }

    @DataBoundSetter
    public void setCreateRepository(boolean createRepository) {
        this.createRepository = createRepository;
    }

    public boolean isScanOnPush() {
        return scanOnPush;
    }

    @DataBoundSetter
    public void setScanOnPush(boolean scanOnPush) {
        this.scanOnPush = scanOnPush;
    }

    public String getEncryption() {
        return encryption;
    }

    @DataBoundSetter
    public void setEncryption(String encryption) {
        this.encryption = FormText.fixEmpty(encryption);
    }

    public String getKmsKey() {
        return kmsKey;
    }

    @DataBoundSetter
    public void setKmsKey(String kmsKey) {
        this.kmsKey = FormText.fixEmpty(kmsKey);
    }

    public String getTagMutability() {
        return tagMutability;
    }

    @DataBoundSetter
    public void setTagMutability(String tagMutability) {
        this.tagMutability = FormText.fixEmpty(tagMutability);
    }

    public String getLifecyclePolicy() {
        return lifecyclePolicy;
    }

    @DataBoundSetter
    public void setLifecyclePolicy(String lifecyclePolicy) {
        this.lifecyclePolicy = FormText.fixEmpty(lifecyclePolicy);
    }

    public String getRegistryId() {
        return registryId;
    }

    @DataBoundSetter
    public void setRegistryId(String registryId) {
        this.registryId = FormText.fixEmpty(registryId);
    }

    PushSpec spec() {
        PushSpec spec = new PushSpec().tags(tags);
        spec.image = image;
        spec.source = source;
        spec.repository = repository;
        spec.createRepository = createRepository;
        spec.scanOnPush = scanOnPush;
        spec.encryption = encryption;
        spec.kmsKey = kmsKey;
        spec.tagMutability = tagMutability;
        spec.lifecyclePolicy = lifecyclePolicy;
        spec.registryId = registryId;
        return spec;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
        private final transient EcrPushStep step;

        Execution(EcrPushStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            FilePath workspace = context.get(FilePath.class);
            FilePath tmp = WorkspaceList.tempDir(workspace);
            PushSummary pushed = workspace.act(new EcrPushCallable(step.target(run),
                    context.get(EnvVars.class), step.spec(), tmp == null ? null : tmp.getRemote(), context.get(TaskListener.class)));
            ReleaseAction.of(run).image(pushed.imageUri(), pushed.digest());
            return pushed.toMap();
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecrPush";
        }

        @Override
        public String getDisplayName() {
            return Texts.get("EcrPushStep.DisplayName");
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String tags = formData.optString("tags");
            formData.discard("tags");
            EcrPushStep step = (EcrPushStep) super.newInstance(req, formData);
            step.setTags(FormText.words(tags));
            return step;
        }

        public FormValidation doCheckRepository(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }

        public FormValidation doCheckRegistryId(@QueryParameter String value) {
            return AwsForms.checkAccountIds(value);
        }
    }
}
