/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/StepContext.java
 * at commit 4014bd5 (2024-06-25), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 * onFailure(Throwable) is inherited from Guava's FutureCallback<Object>, as in the real class.
 */
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.io.IOException;
import java.io.Serializable;

public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public StepContext() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    @Override
    public abstract void onSuccess(@Nullable Object result);

    public abstract ListenableFuture<Void> saveState();

    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

    public boolean hasBody() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
