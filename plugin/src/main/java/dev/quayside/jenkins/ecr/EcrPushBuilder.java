package dev.quayside.jenkins.ecr;

import dev.quayside.jenkins.AwsBuilder;
import dev.quayside.jenkins.AwsBuilderDescriptor;
import dev.quayside.jenkins.Texts;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.report.ReleaseAction;
import dev.quayside.jenkins.report.ReleaseEnvironmentAction;
import dev.quayside.jenkins.util.FormText;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.util.FormValidation;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * Freestyle "Push an image to Amazon ECR": the same push as {@code ecrPush}; exports ECR_IMAGE_URI,
 * ECR_IMAGE_URI_WITH_DIGEST, ECR_IMAGE_DIGEST and ECR_REPOSITORY_URI to the steps after it.
 */
public final class EcrPushBuilder extends AwsBuilder {
    private final String repository;
    private String image;
    private String source;
    private String tags;
    private boolean createRepository;
    private boolean scanOnPush = true;
    private String encryption;
    private String kmsKey;
    private String tagMutability;
    private String lifecyclePolicy;
    private String registryId;

    @DataBoundConstructor
    public EcrPushBuilder(String repository) {
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

    public String getTags() {
        return tags;
    }

    /** Tags separated by blanks or commas; ${VAR} is expanded from the build environment. */
    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = FormText.fixEmpty(tags);
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

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener) throws InterruptedException, IOException {
        PushSpec spec = new PushSpec().tags(FormText.words(env.expand(tags)));
        spec.image = FormText.fixEmpty(env.expand(image));
        spec.source = FormText.fixEmpty(env.expand(source));
        spec.repository = env.expand(repository);
        spec.createRepository = createRepository;
        spec.scanOnPush = scanOnPush;
        spec.encryption = encryption;
        spec.kmsKey = kmsKey;
        spec.tagMutability = tagMutability;
        spec.lifecyclePolicy = env.expand(lifecyclePolicy);
        spec.registryId = registryId;
        FilePath tmp = WorkspaceList.tempDir(workspace);
        PushSummary pushed = workspace.act(new EcrPushCallable(target(run, env), env, spec, tmp == null ? null : tmp.getRemote(), listener));
        ReleaseAction.of(run).image(pushed.imageUri(), pushed.digest());
        ReleaseEnvironmentAction.export(run, pushed.environment());
    }

    @Extension
    @Symbol("quaysideEcrPush")
    public static final class DescriptorImpl extends AwsBuilderDescriptor {
        @Override
        public String getDisplayName() {
            return Texts.get("EcrPushBuilder.DisplayName");
        }

        public FormValidation doCheckRepository(@QueryParameter String value) {
            return AwsForms.checkRequired(value);
        }

        public FormValidation doCheckRegistryId(@QueryParameter String value) {
            return AwsForms.checkAccountIds(value);
        }
    }
}
