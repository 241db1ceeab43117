/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/Credentials.java
 * at commit 346b4fe8 (2022-03-23), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 * Members (getScope, covariant getDescriptor, forRun) not used by the plugin.
 */
package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
}
