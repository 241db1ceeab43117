/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/aws-credentials-plugin src/main/java/com/cloudbees/jenkins/plugins/awscredentials/BaseAmazonWebServicesCredentials.java
 * at commit 4eb4225 (2024-11-26), read at 0efb28f71f9469677d7a64595fbfc4a32e2ed25b (tag 262.v0efb_28f71f94).
 * Type only; the real constructor is public (scope, id, description).
 */
package com.cloudbees.jenkins.plugins.awscredentials;

import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;

public abstract class BaseAmazonWebServicesCredentials extends BaseStandardCredentials implements AmazonWebServicesCredentials {
    private static final long serialVersionUID = 1L;

    protected BaseAmazonWebServicesCredentials() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
