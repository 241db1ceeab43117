package dev.quayside.jenkins;

import hudson.model.AbstractProject;
import hudson.model.Descriptor;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * A freestyle build step that runs one operation as configured by its Pipeline step: the step class is
 * the one place where an operation's parameters, form, help and checks are declared, and both front
 * ends call the same code with it. The form nests the step's own form ({@code <f:property field="step"/>}).
 */
public abstract class OperationBuilder<S extends AwsStep> extends Builder implements SimpleBuildStep {
    protected final S step;

    protected OperationBuilder(S step) {
        this.step = step;
    }

    /**
     * The step, its type concrete in each builder ({@code public EcrPushStep getStep()}): the form
     * ({@code f:property}) finds the nested descriptor by the getter's declared type.
     */
    public abstract S getStep();

    /** Any project type; the nested step form is read by the step's own descriptor (its list and map fields included). */
    public abstract static class OperationDescriptor<S extends AwsStep> extends BuildStepDescriptor<Builder> {
        private final Class<S> stepType;

        protected OperationDescriptor(Class<S> stepType) {
            this.stepType = stepType;
        }

        protected abstract OperationBuilder<S> create(S step);

        @Override
        @SuppressWarnings("rawtypes") // the signature takes a raw AbstractProject class
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public Builder newInstance(StaplerRequest2 req, JSONObject formData) throws Descriptor.FormException {
            return create(stepType.cast(Jenkins.get().getDescriptorOrDie(stepType).newInstance(req, formData.getJSONObject("step"))));
        }
    }
}
