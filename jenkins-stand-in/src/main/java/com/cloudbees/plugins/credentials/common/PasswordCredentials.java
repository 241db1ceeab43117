/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/PasswordCredentials.java
 * at commit read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 * getPassword() returns hudson.util.Secret, not String.
 */
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

public interface PasswordCredentials extends Credentials {
    @NonNull
    Secret getPassword();
}
