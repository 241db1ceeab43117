/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/BodyInvoker.java
 * at commit b50fe4d (2021-12-31), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 */
package org.jenkinsci.plugins.workflow.steps;

public abstract class BodyInvoker {
    public BodyInvoker() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyExecution start();
}
