/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/SynchronousNonBlockingStepExecution.java
 * at commit 52c6092 (2025-02-24), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 * start() is final here: subclasses implement run() only.
 */
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected SynchronousNonBlockingStepExecution(@NonNull StepContext context) {
        super(context);
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
