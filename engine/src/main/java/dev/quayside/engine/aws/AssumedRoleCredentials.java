package dev.quayside.engine.aws;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * An IAM role assumed on top of other credentials: one STS session, reused until {@link #RENEW_BEFORE}
 * its expiry, then renewed. Each AssumeRole call gets its own client (the environment's proxy and the
 * STS endpoint override apply) that is closed right after, so nothing is left open between calls, however
 * long the provider lives. Unlike the SDK's StsAssumeRoleCredentialsProvider it owns no client and no
 * refresh thread, and the session can be handed on ({@link #currentSession()}) and reused elsewhere.
 */
public final class AssumedRoleCredentials implements AwsCredentialsProvider {
    /** Renew this long before the session expires (a poll or a push in flight must not meet an expired session). */
    public static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final AwsSettings base;
    private final String roleArn;
    private final String externalId;
    private final String sessionName;
    private final Clock clock;
    private AwsSessionCredentials session;

    AssumedRoleCredentials(AwsSettings base, String roleArn, String externalId, String sessionName, Clock clock) {
        this.base = base;
        this.roleArn = roleArn;
        this.externalId = externalId;
        this.sessionName = sessionName;
        this.clock = clock;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        if (session == null || !usable(session, clock)) {
            session = assume();
        }
        return session;
    }

    /** The session in use, if one was assumed and is still usable. */
    public synchronized Optional<AwsSessionCredentials> currentSession() {
        return session != null && usable(session, clock) ? Optional.of(session) : Optional.empty();
    }

    /** Whether {@code session} has more than {@link #RENEW_BEFORE} left (sessions without an expiry count as usable). */
    public static boolean usable(AwsSessionCredentials session, Clock clock) {
        return usable(session.expirationTime().orElse(null), clock);
    }

    /** Whether credentials expiring at {@code expires} (null: never) have more than {@link #RENEW_BEFORE} left. */
    public static boolean usable(Instant expires, Clock clock) {
        return expires == null || clock.instant().plus(RENEW_BEFORE).isBefore(expires);
    }

    private AwsSessionCredentials assume() {
        try (StsClient sts = AwsClients.sts(base)) {
            Credentials c = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName).externalId(externalId)).credentials();
            return AwsSessionCredentials.builder().accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey())
                    .sessionToken(c.sessionToken()).expirationTime(c.expiration()).build();
        } catch (SdkException e) {
            throw QuaysideException.of(Failure.REMOTE, "assume role " + roleArn + " with " + base.credentialsSource(), String.valueOf(e.getMessage()),
                    "Check that these credentials may call sts:AssumeRole on it (the role's trust policy" + (externalId == null ? "" : " and external id")
                            + ") and that STS is reachable.", e);
        }
    }
}
