/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/Step.java
 * at commit 87f9eb5 (2024-01-18), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 */
package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {
    public Step() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract StepExecution start(StepContext context) throws Exception;
}
