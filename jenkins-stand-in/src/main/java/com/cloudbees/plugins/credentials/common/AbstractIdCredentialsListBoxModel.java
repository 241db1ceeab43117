/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/common/AbstractIdCredentialsListBoxModel.java
 * at commit f5f9e7d9 (2025-07-29), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 * Every fluent method returns AbstractIdCredentialsListBoxModel<T, C>, not T. The abstract
 * describe(C) is left out (implemented by StandardListBoxModel in the real plugin).
 */
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.util.List;
import org.springframework.security.core.Authentication;

public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials> extends ListBoxModel {
    private static final long serialVersionUID = 1L;

    public AbstractIdCredentialsListBoxModel() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(@NonNull Authentication authentication, @Nullable Item context, @NonNull Class<? extends C> type,
                                                                    @NonNull List<DomainRequirement> domainRequirements, @NonNull CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(@NonNull String value) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
