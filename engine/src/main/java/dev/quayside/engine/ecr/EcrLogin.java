package dev.quayside.engine.ecr;

import dev.quayside.engine.errors.Secret;
import dev.quayside.engine.registry.RegistryCredentials;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** One registry's login from GetAuthorizationToken. The password never shows in {@code toString()}. */
public final class EcrLogin {
    private final String registryId;
    private final String registry;
    private final URI endpoint;
    private final String username;
    private final Secret password;
    private final Instant expiresAt;

    private EcrLogin(String registryId, String registry, URI endpoint, String username, Secret password, Instant expiresAt) {
        this.registryId = registryId;
        this.registry = Objects.requireNonNull(registry);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.username = Objects.requireNonNull(username);
        this.password = Objects.requireNonNull(password);
        this.expiresAt = expiresAt;
    }

    public static EcrLogin of(String registryId, String registry, URI endpoint, String username, Secret password, Instant expiresAt) {
        return new EcrLogin(registryId, registry, endpoint, username, password, expiresAt);
    }

    /** The 12-digit account id of the registry (null when unknown). */
    public String registryId() {
        return registryId;
    }

    /** host[:port] as used in image references, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
    public String registry() {
        return registry;
    }

    /** The proxy endpoint ECR named, e.g. https://123456789012.dkr.ecr.eu-west-1.amazonaws.com */
    public URI endpoint() {
        return endpoint;
    }

    public String username() {
        return username;
    }

    public Secret password() {
        return password;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public RegistryCredentials.Login asLogin() {
        return new RegistryCredentials.Login(username, password);
    }

    @Override
    public String toString() {
        return "EcrLogin[" + registry + ", user " + username + ", expires " + expiresAt + "]";
    }
}
