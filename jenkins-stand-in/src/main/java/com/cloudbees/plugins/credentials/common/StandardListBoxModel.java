/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/StandardListBoxModel.java
 * at commit c3ee8ebe (2014-10-07), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 */
package com.cloudbees.plugins.credentials.common;

public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;

    public StandardListBoxModel() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
