/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/impl/BaseStandardCredentials.java
 * at commit 7392bb97 (2019-08-13), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 * Type only; the real constructors are public (scope, id, description); not used by the plugin's
 * main code.
 */
package com.cloudbees.plugins.credentials.impl;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class BaseStandardCredentials extends BaseCredentials implements StandardCredentials {
    private static final long serialVersionUID = 1L;

    protected BaseStandardCredentials() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public String getId() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
