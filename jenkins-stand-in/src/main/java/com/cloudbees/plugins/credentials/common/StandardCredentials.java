/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/StandardCredentials.java
 * at commit f2df0591 (2021-05-06), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 * getDescription() and the @NameWith/@Recommended annotations left out.
 */
package com.cloudbees.plugins.credentials.common;

public interface StandardCredentials extends IdCredentials {
}
