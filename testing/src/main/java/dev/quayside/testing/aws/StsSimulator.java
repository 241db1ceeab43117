package dev.quayside.testing.aws;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * STS AssumeRole in the AWS query protocol (form-encoded {@code Action=AssumeRole&...}, XML answer), as
 * the SDK's StsClient and the AWS CLI call it: each call answers a new session whose access key id is
 * {@code ASIASIM<n>} and which expires {@code DurationSeconds} (default 3600) after the simulator's clock.
 */
final class StsSimulator {
    static final String TARGET_PREFIX = "AWSSecurityTokenServiceV20110615";

    private final Clock clock;
    private final String accountId;
    private final AtomicInteger sessions = new AtomicInteger();

    StsSimulator(Clock clock, String accountId) {
        this.clock = clock;
        this.accountId = accountId;
    }

    /** The XML body of the answer to {@code params}, or an {@link AwsError}. */
    String handle(Map<String, String> params) {
        String action = params.getOrDefault("Action", "");
        if (!action.equals("AssumeRole")) {
            throw new AwsError("InvalidAction", "The simulator's STS answers AssumeRole only, not " + action, 400);
        }
        String roleArn = params.get("RoleArn");
        String session = params.get("RoleSessionName");
        if (roleArn == null || !roleArn.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+") || session == null) {
            throw new AwsError("ValidationError", "RoleArn and RoleSessionName are required", 400);
        }
        int seconds = Integer.parseInt(params.getOrDefault("DurationSeconds", "3600"));
        Instant expires = clock.instant().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        int n = sessions.incrementAndGet();
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>ASIASIM" + n + "</AccessKeyId><SecretAccessKey>sim-session-secret-" + n + "</SecretAccessKey>"
                + "<SessionToken>sim-session-token-" + n + "</SessionToken><Expiration>" + expires + "</Expiration></Credentials>"
                + "<AssumedRoleUser><AssumedRoleId>AROASIM:" + session + "</AssumedRoleId>"
                + "<Arn>arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + session + "</Arn></AssumedRoleUser>"
                + "</AssumeRoleResult><ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></AssumeRoleResponse>";
    }

    static String errorXml(AwsError error) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + error.code()
                + "</Code><Message>" + error.getMessage() + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }
}
