/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/StepExecution.java
 * at commit 74d42f7 (2025-01-23), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 */
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    protected StepExecution(@NonNull StepContext context) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public @NonNull StepContext getContext() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract boolean start() throws Exception;

    public void stop(@NonNull Throwable cause) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public void onResume() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public @CheckForNull String getStatus() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public boolean blocksRestart() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
