package dev.quayside.engine.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Role assumption against the simulator's STS (query protocol, as the SDK really calls it), on a virtual clock. */
class AssumedRoleCredentialsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/deployer";
    static final MutableClock clock = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension(AwsSimulator.builder().clock(clock));

    private AwsSettings base;

    @BeforeEach
    void setUp() {
        aws.clearJournal();
        base = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDBASE", "AWS_SECRET_ACCESS_KEY", "base-secret",
                "AWS_ENDPOINT_URL", aws.endpoint().toString()), "us-east-1", null, null, null);
    }

    @Test
    void oneSessionIsReusedUntilNearItsExpiry_thenRenewed() {
        AwsSettings role = base.withAssumedRole(ROLE, "ext-1", "jenkins-deploy-7", clock);
        assertThat(aws.requests("AssumeRole")).as("nothing is called before the credentials are used").isEmpty();

        String first = role.credentials().resolveCredentials().accessKeyId();
        clock.advance(Duration.ofMinutes(50));
        assertThat(role.credentials().resolveCredentials().accessKeyId()).isEqualTo(first);
        assertThat(aws.requests("AssumeRole")).hasSize(1);

        clock.advance(Duration.ofMinutes(6)); // 4 minutes left of the hour: inside RENEW_BEFORE
        String second = role.credentials().resolveCredentials().accessKeyId();

        assertThat(second).isNotEqualTo(first).startsWith("ASIASIM");
        assertThat(aws.requests("AssumeRole")).hasSize(2).allSatisfy(r -> {
            assertThat(r.accessKeyId()).isEqualTo("AKIDBASE");
            assertThat(r.body().path("RoleArn").asText()).isEqualTo(ROLE);
            assertThat(r.body().path("ExternalId").asText()).isEqualTo("ext-1");
            assertThat(r.body().path("RoleSessionName").asText()).isEqualTo("jenkins-deploy-7");
        });
    }

    @Test
    void theSessionCanBeHandedOnAndReusedAsPlainCredentials() {
        AwsSettings role = base.withAssumedRole(ROLE, null, null, clock);
        assertThat(((AssumedRoleCredentials) role.credentials()).currentSession()).isEmpty();
        role.credentials().resolveCredentials();

        AwsSessionCredentials session = ((AssumedRoleCredentials) role.credentials()).currentSession().orElseThrow();

        assertThat(session.sessionToken()).startsWith("sim-session-token-");
        assertThat(session.expirationTime()).contains(clock.instant().plusSeconds(3600));
        assertThat(AssumedRoleCredentials.usable(session, clock)).isTrue();
        clock.advance(Duration.ofMinutes(56));
        assertThat(AssumedRoleCredentials.usable(session, clock)).isFalse();
    }

    @Test
    void aRefusedAssumeRole_saysWhichRoleWithWhichCredentials() {
        aws.failNext("AssumeRole", "AccessDenied", "User AKIDBASE is not authorized to perform sts:AssumeRole", 403, 1);
        AwsSettings role = base.withAssumedRole(ROLE, null, null, clock);

        assertThatThrownBy(() -> role.credentials().resolveCredentials())
                .hasMessageStartingWith("Tried to assume role " + ROLE + " with the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables but failed because:")
                .hasMessageContaining("not authorized")
                .hasMessageContaining("trust policy");
        assertThat(aws.requests("AssumeRole")).extracting(RecordedRequest::status).containsExactly(403);
    }
}
