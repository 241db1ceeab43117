package dev.quayside.jenkins.ecr;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.scan.ScanGate;
import dev.quayside.engine.scan.ScanGateRequest;
import dev.quayside.engine.scan.ScanGateResult;
import dev.quayside.engine.scan.Severity;
import dev.quayside.engine.time.Durations;
import dev.quayside.engine.time.Sleeper;
import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.jenkins.util.FormText;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.util.FormValidation;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import jenkins.MasterToSlaveFileCallable;
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
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code ecrScanGate image: img.imageUriWithDigest, failOn: 'HIGH'}: the scan gate of {@code ecrPush} on its
 * own, for an image pushed by something else (docker push, a build tool) or earlier: waits for the image's
 * ECR scan (basic or enhanced), logs the counts per severity and the top findings, and fails the build on
 * findings at or above {@code failOn} that are not allowed. Returns image, passed, counts and allowed.
 */
public final class EcrScanGateStep extends AwsStep {
    private static final String DEFAULT_TIMEOUT = "10m";

    private final String image;
    private String failOn;
    private ArrayList<String> allow = new ArrayList<>();
    private String timeout = DEFAULT_TIMEOUT;
    private String registryId;

    @DataBoundConstructor
    public EcrScanGateStep(String image) {
        this.image = FormText.fixEmpty(image);
    }

    /** REPOSITORY:TAG or REPOSITORY@DIGEST, optionally with the ECR registry host (e.g. ecrPush's imageUriWithDigest). */
    public String getImage() {
        return image;
    }

    public String getFailOn() {
        return failOn;
    }

    /** CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL or UNDEFINED; null: report only. */
    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = FormText.fixEmpty(failOn);
    }

    public List<String> getAllow() {
        return Collections.unmodifiableList(allow);
    }

    /** {@code ID=reason} each. */
    @DataBoundSetter
    public void setAllow(List<String> allow) {
        this.allow = new ArrayList<>(FormText.strings(allow));
    }

    public String getAllowText() {
        return FormText.joinLines(allow);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = FormText.fixEmpty(timeout) == null ? DEFAULT_TIMEOUT : timeout.trim();
    }

    public String getRegistryId() {
        return registryId;
    }

    /** The registry's account, when the image names no ECR host; null: the caller's own. */
    @DataBoundSetter
    public void setRegistryId(String registryId) {
        this.registryId = FormText.fixEmpty(registryId);
    }

    /** The gate, checked before any call (its fields named in the errors). */
    private static ScanGateRequest request(String image, String failOn, List<String> allow, String timeout, String registryId) {
        return ScanGateRequest.forImage("image", image, registryId).failOn(failOn == null ? null : Severity.parse("failOn", failOn)).allow(allow)
                .timeout(Durations.parse("timeout", timeout)).build();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        AgentWork.run(() -> request(image, failOn, allow, timeout, registryId));
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
        private final transient EcrScanGateStep step;

        Execution(EcrScanGateStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            ScanGateResult result = context.get(FilePath.class).act(new Gate(step.target(run, UnaryOperator.identity()), context.get(EnvVars.class), step.image, step.failOn,
                    step.allow, step.timeout, step.registryId, context.get(TaskListener.class)));
            return toMap(result);
        }
    }

    /** What ecrScanGate returns; ecrPush's {@code scan} has the same shape. */
    static Map<String, Object> toMap(ScanGateResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", result.image());
        m.put("passed", result.passed());
        m.put("counts", new LinkedHashMap<>(result.counts()));
        m.put("allowed", new ArrayList<>(result.allowed().stream().map(ScanGateResult.Finding::id).toList()));
        return m;
    }

    /** On the agent: the gate with the build's identity and environment. */
    private static final class Gate extends MasterToSlaveFileCallable<ScanGateResult> {
        private static final long serialVersionUID = 1L;

        private final AwsTarget target;
        private final HashMap<String, String> environment;
        private final String image;
        private final String failOn;
        private final ArrayList<String> allow;
        private final String timeout;
        private final String registryId;
        private final TaskListener listener;

        Gate(AwsTarget target, Map<String, String> environment, String image, String failOn, List<String> allow, String timeout, String registryId,
             TaskListener listener) {
            this.target = target;
            this.environment = new HashMap<>(environment);
            this.image = image;
            this.failOn = failOn;
            this.allow = new ArrayList<>(allow);
            this.timeout = timeout;
            this.registryId = registryId;
            this.listener = listener;
        }

        @Override
        public ScanGateResult invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return AgentWork.run(() -> {
                ScanGateRequest request = request(image, failOn, allow, timeout, registryId);
                AwsSettings settings = target.settings(environment, ScanGateRequest.regionOf("image", image).orElse(null));
                BuildLog.identity(listener, settings);
                try (EcrClient ecr = AwsClients.ecr(settings)) {
                    return new ScanGate(ecr, Clock.systemUTC(), Sleeper.REAL, BuildLog.to(listener)).check(request);
                }
            });
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecrScanGate";
        }

        @Override
        public String getDisplayName() {
            return Messages.EcrScanGateStep_DisplayName();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String allowed = formData.optString("allow");
            EcrScanGateStep step = (EcrScanGateStep) super.newInstance(req, FormText.without(formData, "allow"));
            step.setAllow(FormText.lines(allowed));
            return step;
        }

        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkRequired);
        }

        @POST
        public FormValidation doCheckRegistryId(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkAccountIds);
        }
    }
}
