/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/BodyExecution.java
 * at commit dd28011 (2022-07-22), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 * Only the type (the return of BodyInvoker.start()); the Future methods stay abstract as in the
 * real class.
 */
package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;
import java.util.concurrent.Future;

public abstract class BodyExecution implements Future<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public BodyExecution() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
