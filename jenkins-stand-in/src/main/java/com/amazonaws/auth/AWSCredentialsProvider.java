/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/aws-credentials-plugin src/main/java/com/amazonaws/auth/AWSCredentialsProvider.java
 * at commit a20da8eada672222ef0324c4b6facccc2908eabf.
 * aws-credentials ships this SDK v1 interface itself. Its members (getCredentials, refresh) are
 * not used by the plugin.
 */
package com.amazonaws.auth;

public interface AWSCredentialsProvider {
}
