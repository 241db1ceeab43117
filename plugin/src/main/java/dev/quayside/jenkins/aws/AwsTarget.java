package dev.quayside.jenkins.aws;

import dev.quayside.engine.aws.AwsSettings;
import java.io.Serializable;
import java.util.Map;

/**
 * Where and as whom AWS is called, built on the controller and sent to the agent with each request:
 * the region option, the resolved credential material, the role to assume on top. On the agent,
 * {@link #settings} turns it into the engine's settings with the build's environment (AWS_REGION,
 * AWS_* keys from withCredentials, AWS_PROFILE, proxies, endpoint variables), never the JVM's.
 */
public final class AwsTarget implements Serializable {
    private static final long serialVersionUID = 1L;

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
        return settings.withAssumedRole(credentials.roleArn(), credentials.externalId(), sessionName)
                .withAssumedRole(roleArn, null, sessionName);
    }

    @Override
    public String toString() {
        return "AwsTarget[" + (region == null ? "region from the environment" : region) + ", " + credentials
                + (roleArn == null ? "" : ", role " + roleArn) + "]";
    }
}
