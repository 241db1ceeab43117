package dev.quayside.jenkins.ecs;

import dev.quayside.engine.task.RunTaskRequest;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.AwsStep;
import dev.quayside.jenkins.AwsStepDescriptor;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.aws.AwsForms;
import dev.quayside.jenkins.util.AgentWork;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Descriptor.FormException;
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
import java.util.Set;
import java.util.function.UnaryOperator;
import net.sf.json.JSONObject;
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
 * {@code ecsRunTask cluster: 'prod', taskDefinition: td.taskDefinitionArn, networkFromService: 'myapp',
 * container: 'app', command: ['npm', 'run', 'migrate']}: runs a one-off task (a database migration) to
 * its end, streaming its states and its containers' log lines into the build log, holding no executor
 * while it waits and surviving a controller restart. Returns taskArn, exitCodes, stopCode, stoppedReason;
 * fails the build on a non-zero exit, a task that did not run, or the timeout (the task is then stopped,
 * as it is when the build is aborted). The freestyle {@link EcsRunTaskBuilder} holds one of these.
 */
public final class EcsRunTaskStep extends AwsStep {
    private static final String DEFAULT_TIMEOUT = "30m";

    private final String cluster;
    private final String taskDefinition;
    private String networkFromService;
    private ArrayList<String> subnets = new ArrayList<>();
    private ArrayList<String> securityGroups = new ArrayList<>();
    private boolean assignPublicIp;
    private ArrayList<String> capacityProviders = new ArrayList<>();
    private String container;
    private ArrayList<String> command = new ArrayList<>();
    private LinkedHashMap<String, Map<String, String>> environment = new LinkedHashMap<>();
    private String startedBy;
    private String timeout = DEFAULT_TIMEOUT;

    @DataBoundConstructor
    public EcsRunTaskStep(String cluster, String taskDefinition) {
        this.cluster = FormText.fixEmpty(cluster);
        this.taskDefinition = FormText.fixEmpty(taskDefinition);
    }

    public String getCluster() {
        return cluster;
    }

    /** family, family:revision or ARN (e.g. the one ecsRegisterTaskDef returned). */
    public String getTaskDefinition() {
        return taskDefinition;
    }

    public String getNetworkFromService() {
        return networkFromService;
    }

    /** Run in this service's subnets and security groups, with its capacity providers. */
    @DataBoundSetter
    public void setNetworkFromService(String networkFromService) {
        this.networkFromService = FormText.fixEmpty(networkFromService);
    }

    public List<String> getSubnets() {
        return Collections.unmodifiableList(subnets);
    }

    @DataBoundSetter
    public void setSubnets(List<String> subnets) {
        this.subnets = new ArrayList<>(FormText.strings(subnets));
    }

    public String getSubnetsText() {
        return String.join(" ", subnets);
    }

    public List<String> getSecurityGroups() {
        return Collections.unmodifiableList(securityGroups);
    }

    @DataBoundSetter
    public void setSecurityGroups(List<String> securityGroups) {
        this.securityGroups = new ArrayList<>(FormText.strings(securityGroups));
    }

    public String getSecurityGroupsText() {
        return String.join(" ", securityGroups);
    }

    public boolean isAssignPublicIp() {
        return assignPublicIp;
    }

    @DataBoundSetter
    public void setAssignPublicIp(boolean assignPublicIp) {
        this.assignPublicIp = assignPublicIp;
    }

    public List<String> getCapacityProviders() {
        return Collections.unmodifiableList(capacityProviders);
    }

    /** NAME[:weight[:base]] each. */
    @DataBoundSetter
    public void setCapacityProviders(List<String> capacityProviders) {
        this.capacityProviders = new ArrayList<>(FormText.strings(capacityProviders));
    }

    public String getCapacityProvidersText() {
        return String.join(" ", capacityProviders);
    }

    public String getContainer() {
        return container;
    }

    /** The container whose command {@link #setCommand} replaces. */
    @DataBoundSetter
    public void setContainer(String container) {
        this.container = FormText.fixEmpty(container);
    }

    public List<String> getCommand() {
        return Collections.unmodifiableList(command);
    }

    @DataBoundSetter
    public void setCommand(List<String> command) {
        this.command = new ArrayList<>(FormText.strings(command));
    }

    public String getCommandText() {
        return FormText.joinLines(command);
    }

    public Map<String, Map<String, String>> getEnvironment() {
        return Collections.unmodifiableMap(environment);
    }

    /** container name -> (variable -> value). */
    @DataBoundSetter
    public void setEnvironment(Map<String, Map<String, String>> environment) {
        this.environment = new LinkedHashMap<>();
        FormText.nestedStringMap("environment", environment).forEach((c, vars) -> this.environment.put(c, new LinkedHashMap<>(vars)));
    }

    public String getEnvironmentText() {
        return FormText.joinNestedPairs(getEnvironment());
    }

    public String getStartedBy() {
        return startedBy;
    }

    /** The task's startedBy; default: the build's BUILD_TAG (jenkins-JOB-NUMBER), so that its tasks can be found. */
    @DataBoundSetter
    public void setStartedBy(String startedBy) {
        this.startedBy = FormText.fixEmpty(startedBy);
    }

    public String getTimeout() {
        return timeout;
    }

    /** 90s, 20m, 1h30m or ISO-8601; default 30m. */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = FormText.fixEmpty(timeout) == null ? DEFAULT_TIMEOUT : timeout.trim();
    }

    /**
     * The task's watch, checked before anything is sent; Pipeline and freestyle both run through it.
     * {@code expand} is applied to the text parameters (freestyle expands ${VAR}).
     */
    TaskWatch watch(EnvVars env, boolean onAgent, UnaryOperator<String> expand) throws IOException, InterruptedException {
        if (!onAgent && getCredentialsId() == null) {
            throw new AbortException(Messages.EcsServiceStep_ControllerNeedsCredentials(getDescriptor().getFunctionName()));
        }
        if (!command.isEmpty() && container == null) {
            throw new AbortException("container: name the container whose command 'command' replaces");
        }
        String tag = startedBy != null ? expand.apply(startedBy) : RunTaskRequest.startedByOf(env.get("BUILD_TAG", "quayside"));
        Map<String, Map<String, String>> vars = new LinkedHashMap<>();
        environment.forEach((c, v) -> {
            Map<String, String> expanded = new LinkedHashMap<>();
            v.forEach((name, value) -> expanded.put(name, expand.apply(value)));
            vars.put(c, expanded);
        });
        TaskSpec spec = AgentWork.run(() -> {
            TaskSpec s = new TaskSpec(expand.apply(cluster), expand.apply(taskDefinition), expand.apply(networkFromService), subnets.stream().map(expand).toList(),
                    securityGroups.stream().map(expand).toList(), assignPublicIp, capacityProviders.stream().map(expand).toList(), container,
                    command.stream().map(expand).toList(), vars, tag, Durations.parse("timeout", timeout));
            s.request();
            return s;
        });
        return new TaskWatch(spec, expand.apply(getRegion()), getCredentialsId(), getRoleArn(), onAgent, System.currentTimeMillis());
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new WatchExecution<>(context, watch(context.get(EnvVars.class), EcsServiceStep.insideNode(context), UnaryOperator.identity()));
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecsRunTask";
        }

        @Override
        public String getDisplayName() {
            return Messages.EcsRunTaskStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String subnets = formData.optString("subnets");
            String groups = formData.optString("securityGroups");
            String providers = formData.optString("capacityProviders");
            String command = formData.optString("command");
            String environment = formData.optString("environment");
            EcsRunTaskStep step = (EcsRunTaskStep) super.newInstance(req,
                    FormText.without(formData, "subnets", "securityGroups", "capacityProviders", "command", "environment"));
            step.setSubnets(FormText.words(subnets));
            step.setSecurityGroups(FormText.words(groups));
            step.setCapacityProviders(FormText.words(providers));
            step.setCommand(FormText.lines(command));
            try {
                step.setEnvironment(FormText.nestedPairs("environment", environment));
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), e, "environment");
            }
            return step;
        }

        @POST
        public FormValidation doCheckCluster(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkRequired);
        }

        @POST
        public FormValidation doCheckTaskDefinition(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, value, AwsForms::checkRequired);
        }
    }
}
