package dev.quayside.jenkins.aws;

import dev.quayside.engine.aws.AssumedRoleCredentials;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.errors.QuaysideException;
import java.io.Serializable;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where and as whom AWS is called, built on the controller and sent to the agent with each request:
 * the region option, the resolved credential material, the role to assume on top. On the agent,
 * {@link #settings} turns it into the engine's settings with the build's environment (AWS_REGION,
 * AWS_* keys from withCredentials, AWS_PROFILE, proxies, endpoint variables), never the JVM's.
 * {@link #onController} is the stricter form for calls made on the controller itself.
 */
public final class AwsTarget implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What names an identity in an environment; never used on the controller. */
    private static final Set<String> IDENTITY_VARIABLES = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
            "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "HOME");

    private final String region;
    private final CredentialsMaterial credentials;
    private final String roleArn;
    private final String sessionName;

    AwsTarget(String region, CredentialsMaterial credentials, String roleArn, String sessionName) {
        this.region = region;
        this.credentials = credentials;
        this.roleArn = roleArn;
        this.sessionName = sessionName;
    }

    /**
     * On the agent: region and credentials in the documented order (the step's credentials, the
     * credential's own role, the step's role on top; without a credentials id the environment's
     * AWS_* variables, AWS_PROFILE, then the agent's default chain). Only the region option and
     * the environment are read here; nothing is called until a client is used.
     */
    public AwsSettings settings(Map<String, String> environment, String defaultRegion) {
        AwsSettings settings = AwsSettings.resolve(environment, region, null, credentials.provider(), null)
                .withDefaultRegion(defaultRegion);
        Clock clock = Clock.systemUTC();
        return settings.withAssumedRole(credentials.roleArn(), credentials.externalId(), sessionName, clock)
                .withAssumedRole(roleArn, null, sessionName, clock);
    }

    /**
     * On the controller: only the credentials of the step's credentialsId, never the controller's own
     * environment, profiles or instance role (a pipeline must not borrow the controller's identity).
     * Region, endpoints and proxies still come from the build's environment.
     */
    public AwsSettings onController(Map<String, String> environment) {
        if (credentials.source() != CredentialsMaterial.Source.KEYS) {
            throw QuaysideException.invalidInput("credentialsId", "outside node {} the calls run on the controller, and " + credentials
                    + " name no access keys (they would borrow the controller's own identity). Give credentials with access keys, or call the step inside node {}.");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.keySet().removeAll(IDENTITY_VARIABLES);
        return settings(env, null);
    }

    /**
     * The same target with the role session that {@code settings} has assumed, if any, as plain keys:
     * the next calls reuse it instead of assuming the role again, until it nears its expiry.
     */
    public Optional<AwsTarget> withSessionOf(AwsSettings settings) {
        if (!(settings.credentials() instanceof AssumedRoleCredentials)) {
            return Optional.empty();
        }
        return ((AssumedRoleCredentials) settings.credentials()).currentSession()
                .map(s -> new AwsTarget(region, CredentialsMaterial.session(credentials + " as " + lastRole(), s), null, sessionName));
    }

    /** Whether this target's credentials are still good to send (role sessions: not near their expiry). */
    public boolean usable(Clock clock) {
        return AssumedRoleCredentials.usable(credentials.expires(), clock);
    }

    private String lastRole() {
        return "role " + (roleArn != null ? roleArn : credentials.roleArn());
    }

    @Override
    public String toString() {
        return "AwsTarget[" + (region == null ? "region from the environment" : region) + ", " + credentials
                + (roleArn == null ? "" : ", role " + roleArn) + "]";
    }
}
