package dev.quayside.jenkins;

import hudson.model.AbstractProject;
import hudson.model.Descriptor;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import java.util.function.Function;
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

    /**
     * The step of a freestyle form that nests it ({@code <f:property field="step"/>}), read by the step's own
     * descriptor, so that its list and map fields are read as in the Snippet Generator.
     */
    public static <S extends AwsStep> S nestedStep(Class<S> stepType, StaplerRequest2 req, JSONObject formData) throws Descriptor.FormException {
        return stepType.cast(Jenkins.get().getDescriptorOrDie(stepType).newInstance(req, formData.getJSONObject("step")));
    }

    /** Any project type; the form nests the step's. */
    public abstract static class OperationDescriptor<S extends AwsStep> extends BuildStepDescriptor<Builder> {
        private final Class<S> stepType;
        private final Function<S, OperationBuilder<S>> create;

        protected OperationDescriptor(Class<S> stepType, Function<S, OperationBuilder<S>> create) {
            this.stepType = stepType;
            this.create = create;
        }

        @Override
        @SuppressWarnings("rawtypes") // the signature takes a raw AbstractProject class
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public Builder newInstance(StaplerRequest2 req, JSONObject formData) throws Descriptor.FormException {
            return create.apply(nestedStep(stepType, req, formData));
        }
    }
}
