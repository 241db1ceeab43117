/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/CredentialsProvider.java
 * at commit 54bfc320 (2026-01-09), read at d96751bcc06de7da229c321370456ea1cf7ca4ac (2026-04-22, 1502.v5c95e620ddfe + 2).
 * track takes a raw Run. USE_ITEM is initialised from the GROUP in the real class; null here
 * (never run). IconSpec left out.
 */
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.Permission;
import hudson.util.ListBoxModel;
import java.util.List;
import org.springframework.security.core.Authentication;

public abstract class CredentialsProvider extends Descriptor<CredentialsProvider> implements ExtensionPoint, Describable<CredentialsProvider> {
    public CredentialsProvider() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final Permission USE_ITEM = null;

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type, @NonNull Run<?, ?> run) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static <C extends IdCredentials> ListBoxModel listCredentialsInItem(@NonNull Class<C> type, @Nullable Item item, @Nullable Authentication authentication,
                                                                             @Nullable List<DomainRequirement> domainRequirements, @Nullable CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @CheckForNull
    public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
