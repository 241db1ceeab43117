package dev.quayside.jenkins.aws;

import java.io.Serializable;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What a Jenkins credential resolved to, as it travels from the controller to the agent over the
 * remoting channel: nothing (use the build environment), keys, or "the agent's own default chain",
 * plus the role the credential itself assumes. Never persisted (executions keep the credentials id
 * and resolve again; a watch keeps a role session in memory only); never printed: {@link #toString()}
 * shows where the material came from only.
 */
public final class CredentialsMaterial implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the base credentials come from, on the agent. */
    public enum Source {
        /** No credentials id: the build's AWS_* variables, AWS_PROFILE, then the agent's default chain. */
        ENVIRONMENT,
        /** An access key pair (and session token) resolved on the controller. */
        KEYS,
        /** The credential names no keys: the agent's own default chain (instance profile, container or web identity role). */
        AGENT_DEFAULT_CHAIN
    }

    private final Source source;
    private final String origin;
    private final String accessKeyId;
    // Plain strings, not hudson.util.Secret: this object lives in memory and on the remoting channel only
    // (never persisted, so Secret's encryption at rest would add nothing), and is also created on agents,
    // where Secret cannot be decrypted.
    private final String secretAccessKey;
    private final String sessionToken;
    private final String roleArn;
    private final String externalId;
    /** When a role session expires; null for keys that do not. */
    private final Instant expires;

    private CredentialsMaterial(Source source, String origin, String accessKeyId, String secretAccessKey, String sessionToken,
                                String roleArn, String externalId, Instant expires) {
        this.source = source;
        this.origin = origin;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.roleArn = roleArn;
        this.externalId = externalId;
        this.expires = expires;
    }

    public static CredentialsMaterial fromEnvironment() {
        return new CredentialsMaterial(Source.ENVIRONMENT, "the build environment", null, null, null, null, null, null);
    }

    public static CredentialsMaterial keys(String origin, String accessKeyId, String secretAccessKey, String sessionToken, String roleArn, String externalId) {
        return new CredentialsMaterial(Source.KEYS, origin, accessKeyId, secretAccessKey, sessionToken, roleArn, externalId, null);
    }

    /** A role session already assumed: its keys, until it expires. */
    static CredentialsMaterial session(String origin, AwsSessionCredentials session) {
        return new CredentialsMaterial(Source.KEYS, origin, session.accessKeyId(), session.secretAccessKey(), session.sessionToken(), null, null,
                session.expirationTime().orElse(null));
    }

    public static CredentialsMaterial agentDefaultChain(String origin, String roleArn, String externalId) {
        return new CredentialsMaterial(Source.AGENT_DEFAULT_CHAIN, origin, null, null, null, roleArn, externalId, null);
    }

    public Source source() {
        return source;
    }

    /** The role the credential itself says to assume (aws-credentials' IAM role), or null. */
    public String roleArn() {
        return roleArn;
    }

    public String externalId() {
        return externalId;
    }

    Instant expires() {
        return expires;
    }

    /** On the agent: the provider to hand to the engine, or null to let it use the build environment. */
    AwsCredentialsProvider provider() {
        switch (source) {
            case KEYS:
                return StaticCredentialsProvider.create(sessionToken == null || sessionToken.isEmpty()
                        ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                        : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
            case AGENT_DEFAULT_CHAIN:
                return DefaultCredentialsProvider.builder().build();
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return origin;
    }
}
