/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/aws-credentials-plugin src/main/java/com/cloudbees/jenkins/plugins/awscredentials/AmazonWebServicesCredentials.java
 * at commit 8fb588a (2024-12-13), read at 0efb28f71f9469677d7a64595fbfc4a32e2ed25b (tag 262.v0efb_28f71f94).
 * An SDK v2 AwsCredentialsProvider (resolveCredentials(), which may answer null: use the instance
 * profile) since 238.x. @NameWith and the unused members left out.
 */
package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

public interface AmazonWebServicesCredentials extends StandardCredentials, AwsCredentialsProvider, AWSCredentialsProvider {
    long serialVersionUID = -8931505925778535681L;
}
