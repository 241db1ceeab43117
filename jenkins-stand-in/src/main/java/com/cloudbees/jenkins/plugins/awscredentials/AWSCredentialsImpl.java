/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/aws-credentials-plugin src/main/java/com/cloudbees/jenkins/plugins/awscredentials/AWSCredentialsImpl.java
 * at commit f59bce3 (2025-08-22), read at 0efb28f71f9469677d7a64595fbfc4a32e2ed25b (tag 262.v0efb_28f71f94).
 * Accessors as in the real class (getSecretKey() returns Secret). resolveCredentials(): null for
 * blank keys without a role (instance profile); with iamRoleArn it calls STS on the controller,
 * which the plugin avoids for this type. The real public constructors take (scope, id, accessKey,
 * secretKey, description[, iamRoleArn, iamMfaSerialNumber[, iamExternalId]]); not used by the
 * plugin's main code.
 */
package com.cloudbees.jenkins.plugins.awscredentials;

import hudson.util.Secret;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

public class AWSCredentialsImpl extends BaseAmazonWebServicesCredentials {
    private static final long serialVersionUID = -3167989896315282034L;

    private AWSCredentialsImpl() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String getAccessKey() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public Secret getSecretKey() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String getIamRoleArn() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String getIamExternalId() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public boolean requiresToken() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public AwsCredentials resolveCredentials() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
