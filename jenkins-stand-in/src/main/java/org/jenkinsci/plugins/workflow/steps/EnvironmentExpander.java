/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/EnvironmentExpander.java
 * at commit b50fe4d (2021-12-31), read at 0773c3c68734763741f08807407123c17a546ea2 (HEAD 2025-11-17, see shared/reference/jenkins-api-signatures.md).
 */
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

public abstract class EnvironmentExpander implements Serializable {
    private static final long serialVersionUID = 1L;

    public EnvironmentExpander() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract void expand(@NonNull EnvVars env) throws IOException, InterruptedException;

    public static EnvironmentExpander constant(@NonNull Map<String, String> env) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static EnvironmentExpander merge(@CheckForNull EnvironmentExpander original, @NonNull EnvironmentExpander subsequent) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
