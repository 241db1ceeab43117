/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/IdCredentials.java
 * at commit f5f9e7d9 (2025-07-29), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 */
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

public interface IdCredentials extends Credentials {
    @NonNull
    String getId();
}
