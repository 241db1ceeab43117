package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.report.ReleaseAction;
import dev.quayside.jenkins.util.FormText;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
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
import java.util.Map;
import java.util.function.UnaryOperator;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code ecrPush repository: 'myapp', source: 'oci:build/image', tags: ['1.0', 'latest']}: pushes an
 * image from files in the workspace (or a local Docker image) to ECR, on the agent. Returns imageUri,
 * imageUriWithDigest, digest, repositoryUri and tags. The freestyle {@link EcrPushBuilder} holds one of these.
 */
public final class EcrPushStep extends AwsStep {
    private final String repository;
    private String image;
    private String source;
    // Plain ArrayList/LinkedHashMap fields: the freestyle job's XML holds this step, and XStream refuses
    // to write the JDK's immutable collections.
    private ArrayList<String> tags = new ArrayList<>();
    private boolean createRepository;
    private boolean scanOnPush = true;
    private String encryption;
    private String kmsKey;
    private String tagMutability;
    private String lifecyclePolicy;
    private String registryId;
    private String requestTimeout;
    private String scanFailOn;
    private ArrayList<String> scanAllow = new ArrayList<>();
    private String scanTimeout;

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
        return Collections.unmodifiableList(tags);
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = new ArrayList<>(FormText.strings(tags));
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

    public String getRequestTimeout() {
        return requestTimeout;
    }

    /** How long one registry request may take, its answer included (90s, 5m); default 2m, a layer upload more by its size. */
    @DataBoundSetter
    public void setRequestTimeout(String requestTimeout) {
        this.requestTimeout = FormText.fixEmpty(requestTimeout);
    }

    public String getScanFailOn() {
        return scanFailOn;
    }

    /** After the push, wait for the image's ECR scan and fail on findings at or above this severity; null: no gate. */
    @DataBoundSetter
    public void setScanFailOn(String scanFailOn) {
        this.scanFailOn = FormText.fixEmpty(scanFailOn);
    }

    public List<String> getScanAllow() {
        return Collections.unmodifiableList(scanAllow);
    }

    /** Findings the scan gate allows: {@code ID=reason} each. */
    @DataBoundSetter
    public void setScanAllow(List<String> scanAllow) {
        this.scanAllow = new ArrayList<>(FormText.strings(scanAllow));
    }

    /** The form's text for {@link #getScanAllow()}: one per line. */
    public String getScanAllowText() {
        return FormText.joinLines(scanAllow);
    }

    public String getScanTimeout() {
        return scanTimeout;
    }

    @DataBoundSetter
    public void setScanTimeout(String scanTimeout) {
        this.scanTimeout = FormText.fixEmpty(scanTimeout);
    }

    /**
     * The push, on the agent of {@code workspace}, recorded on the build page. Pipeline and freestyle both
     * push here; {@code expand} is applied to the text parameters (freestyle expands ${VAR}, Pipeline does not).
     */
    PushSummary push(Run<?, ?> run, FilePath workspace, EnvVars env, TaskListener listener, UnaryOperator<String> expand)
            throws IOException, InterruptedException {
        PushSpec spec = new PushSpec().tags(FormText.strings(tags.stream().map(expand).toList()));
        spec.image = FormText.fixEmpty(expand.apply(image));
        spec.source = FormText.fixEmpty(expand.apply(source));
        spec.repository = expand.apply(repository);
        spec.createRepository = createRepository;
        spec.scanOnPush = scanOnPush;
        spec.encryption = encryption;
        spec.kmsKey = kmsKey;
        spec.tagMutability = tagMutability;
        spec.lifecyclePolicy = FormText.fixEmpty(expand.apply(lifecyclePolicy));
        spec.registryId = registryId;
        spec.requestTimeout = requestTimeout;
        spec.scanFailOn = scanFailOn;
        spec.scanAllow = new ArrayList<>(scanAllow);
        spec.scanTimeout = scanTimeout;
        FilePath tmp = WorkspaceList.tempDir(workspace);
        PushSummary pushed = workspace.act(new EcrPushCallable(target(run, expand), env, spec, tmp == null ? null : tmp.getRemote(), listener));
        ReleaseAction.of(run).image(pushed.imageUri(), pushed.digest());
        return pushed;
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
            return step.push(context.get(Run.class), context.get(FilePath.class), context.get(EnvVars.class), context.get(TaskListener.class),
                    UnaryOperator.identity()).toMap();
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
            return Messages.EcrPushStep_DisplayName();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String tags = formData.optString("tags");
            String allow = formData.optString("scanAllow");
            EcrPushStep step = (EcrPushStep) super.newInstance(req, FormText.without(formData, "tags", "scanAllow"));
            step.setTags(FormText.words(tags));
            step.setScanAllow(FormText.lines(allow));
            return step;
        }

        @POST
        public FormValidation doCheckRepository(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkRequired);
        }

        @POST
        public FormValidation doCheckRegistryId(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkAccountIds);
        }
    }
}
