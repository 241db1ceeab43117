/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/GeneralNonBlockingStepExecution.java
 * at commit 52c6092 (2025-02-24), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 * TailCall is a protected non-static inner class with final onSuccess/onFailure (not
 * BodyExecutionCallback.TailCall). Its constructor is implicit in the real source; declared here
 * to throw.
 */
package org.jenkinsci.plugins.workflow.steps;

public abstract class GeneralNonBlockingStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected GeneralNonBlockingStepExecution(StepContext context) {
        super(context);
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @FunctionalInterface
    protected interface Block {
        void run() throws Exception;
    }

    protected final void run(Block block) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    protected abstract class TailCall extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        protected TailCall() {
            throw new UnsupportedOperationException("compile-only stand-in");
        }

        protected abstract void finished(StepContext context) throws Exception;

        @Override
        public final void onSuccess(StepContext context, Object result) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }

        @Override
        public final void onFailure(StepContext context, Throwable t) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }
}
