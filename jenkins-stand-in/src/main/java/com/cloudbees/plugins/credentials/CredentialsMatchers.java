/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/CredentialsMatchers.java
 * at commit ba30dc23 (2026-01-09), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 * instanceOf takes a raw Class.
 */
package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;

public class CredentialsMatchers {
    private CredentialsMatchers() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static CredentialsMatcher instanceOf(@NonNull Class clazz) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static CredentialsMatcher withId(@NonNull String id) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static CredentialsMatcher allOf(@NonNull CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static CredentialsMatcher anyOf(@NonNull CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
