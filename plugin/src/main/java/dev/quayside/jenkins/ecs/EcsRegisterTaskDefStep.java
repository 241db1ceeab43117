package dev.quayside.jenkins.ecs;

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
import hudson.util.FormValidation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * {@code ecsRegisterTaskDef file: 'taskdef.json', images: [app: img.imageUri]}: registers a task
 * definition revision from a file in the workspace, with images and environment overridden and
 * {@code ${VAR}} taken from the build's environment. Returns taskDefinitionArn, family and revision.
 */
public final class EcsRegisterTaskDefStep extends AwsStep {
    private final String file;
    // Plain ArrayList/LinkedHashMap fields: the freestyle job's XML holds this step, and XStream refuses
    // to write the JDK's immutable collections.
    private LinkedHashMap<String, String> images = new LinkedHashMap<>();
    private LinkedHashMap<String, LinkedHashMap<String, String>> environment = new LinkedHashMap<>();
    private ArrayList<String> unsetEnvironment = new ArrayList<>();
    private String family;
    private boolean createLogGroups;
    private boolean skipPreflight;

    @DataBoundConstructor
    public EcsRegisterTaskDefStep(String file) {
        this.file = FormText.fixEmpty(file);
    }

    public String getFile() {
        return file;
    }

    public Map<String, String> getImages() {
        return Collections.unmodifiableMap(images);
    }

    /** container name -> image. */
    @DataBoundSetter
    public void setImages(Map<String, String> images) {
        this.images = new LinkedHashMap<>(FormText.stringMap(images));
    }

    public String getImagesText() {
        return FormText.joinPairs(images);
    }

    public Map<String, Map<String, String>> getEnvironment() {
        return Collections.<String, Map<String, String>>unmodifiableMap(environment);
    }

    /** container name -> (variable -> value); values may be empty on purpose. */
    @DataBoundSetter
    public void setEnvironment(Map<String, Map<String, String>> environment) {
        this.environment = new LinkedHashMap<>();
        FormText.nestedStringMap("environment", environment).forEach((container, vars) -> this.environment.put(container, new LinkedHashMap<>(vars)));
    }

    public String getEnvironmentText() {
        return FormText.joinNestedPairs(getEnvironment());
    }

    public List<String> getUnsetEnvironment() {
        return Collections.unmodifiableList(unsetEnvironment);
    }

    /** {@code CONTAINER:NAME} entries to remove. */
    @DataBoundSetter
    public void setUnsetEnvironment(List<String> unsetEnvironment) {
        this.unsetEnvironment = new ArrayList<>(FormText.strings(unsetEnvironment));
    }

    public String getUnsetEnvironmentText() {
        return FormText.joinLines(unsetEnvironment);
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

    public boolean isSkipPreflight() {
        return skipPreflight;
    }

    @DataBoundSetter
    public void setSkipPreflight(boolean skipPreflight) {
        this.skipPreflight = skipPreflight;
    }

    /**
     * The registration, on the agent of {@code workspace}, recorded on the build page. Pipeline and
     * freestyle both register here; {@code expand} is applied to the file, image and family parameters
     * (freestyle expands ${VAR}, Pipeline does not). ${VAR} inside the file is always the build's.
     */
    TaskDefSummary register(Run<?, ?> run, FilePath workspace, EnvVars env, TaskListener listener, UnaryOperator<String> expand)
            throws IOException, InterruptedException {
        Map<String, String> expandedImages = new LinkedHashMap<>();
        images.forEach((container, image) -> expandedImages.put(container, expand.apply(image)));
        TaskDefSpec spec = new TaskDefSpec(expand.apply(file), expandedImages, getEnvironment(), unsetEnvironment, FormText.fixEmpty(expand.apply(family)),
                createLogGroups, !skipPreflight);
        TaskDefSummary registered = workspace.act(new RegisterTaskDefCallable(target(run, expand), env, spec, listener));
        ReleaseAction.of(run).taskDefinition(registered.familyRevision(), registered.taskDefinitionArn());
        return registered;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
        private final transient EcsRegisterTaskDefStep step;

        Execution(EcsRegisterTaskDefStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            return step.register(context.get(Run.class), context.get(FilePath.class), context.get(EnvVars.class), context.get(TaskListener.class),
                    UnaryOperator.identity()).toMap();
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecsRegisterTaskDef";
        }

        @Override
        public String getDisplayName() {
            return Messages.EcsRegisterTaskDefStep_DisplayName();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String images = formData.optString("images");
            String environment = formData.optString("environment");
            String unset = formData.optString("unsetEnvironment");
            EcsRegisterTaskDefStep step = (EcsRegisterTaskDefStep) super.newInstance(req,
                    FormText.without(formData, "images", "environment", "unsetEnvironment"));
            try {
                step.setImages(FormText.pairs("images", images));
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), e, "images");
            }
            try {
                step.setEnvironment(FormText.nestedPairs("environment", environment));
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), e, "environment");
            }
            step.setUnsetEnvironment(FormText.lines(unset));
            return step;
        }

        @POST
        public FormValidation doCheckFile(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkRequired);
        }
    }
}
