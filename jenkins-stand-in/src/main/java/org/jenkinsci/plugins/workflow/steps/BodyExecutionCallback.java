/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/BodyExecutionCallback.java
 * at commit 154deb9 (2024-01-18), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 */
package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

public abstract class BodyExecutionCallback implements Serializable {
    private static final long serialVersionUID = 1L;

    public BodyExecutionCallback() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract void onSuccess(StepContext context, Object result);

    public abstract void onFailure(StepContext context, Throwable t);
}
