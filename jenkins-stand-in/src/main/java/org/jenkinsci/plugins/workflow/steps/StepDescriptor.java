/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/StepDescriptor.java
 * at commit 6938083 (2025-03-27), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 */
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;
import java.util.Set;

public abstract class StepDescriptor extends Descriptor<Step> {
    public StepDescriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract Set<? extends Class<?>> getRequiredContext();

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
