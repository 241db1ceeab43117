package dev.quayside.engine.aws;

import dev.quayside.engine.errors.QuaysideException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * Region, credentials, endpoints and environment for AWS calls, resolved from what a front end
 * passes in (options and the build's environment), never from the JVM's own environment.
 */
public final class AwsSettings {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final String credentialsSource;
    private final Map<String, URI> endpoints;
    private final Map<String, String> environment;

    private AwsSettings(Region region, AwsCredentialsProvider credentials, String credentialsSource, Map<String, URI> endpoints, Map<String, String> environment) {
        this.region = region;
        this.credentials = credentials;
        this.credentialsSource = credentialsSource;
        this.endpoints = Map.copyOf(endpoints);
        this.environment = Map.copyOf(environment);
    }

    /**
     * Resolves settings: region from the option, then AWS_REGION, then AWS_DEFAULT_REGION; endpoints from
     * the given map, then AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL; credentials
     * from the given provider, then AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN), then the
     * profile (option or AWS_PROFILE), then the SDK's default chain (instance profile, web identity...).
     */
    public static AwsSettings resolve(Map<String, String> environment, String regionOption, String profile,
                                      AwsCredentialsProvider explicit, Map<String, URI> endpoints) {
        Map<String, String> env = environment == null ? Map.of() : environment;
        Map<String, URI> allEndpoints = new HashMap<>(EndpointVariables.endpoints(env));
        if (endpoints != null) {
            allEndpoints.putAll(endpoints);
        }
        String name = firstNonBlank(regionOption, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        Region region = null;
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (!REGION.matcher(n).matches()) {
                throw QuaysideException.invalidInput("region", "'" + name + "' is not an AWS region name (e.g. eu-west-1)");
            }
            region = Region.of(n);
            if (!Region.regions().contains(region) && allEndpoints.isEmpty()) {
                throw QuaysideException.invalidInput("region", "'" + name + "' is not an AWS region this SDK knows (e.g. us-east-1, eu-west-1, ap-southeast-1)");
            }
        }
        String profileName = firstNonBlank(profile, env.get("AWS_PROFILE"));
        AwsCredentialsProvider provider;
        String source;
        if (explicit != null) {
            provider = explicit;
            source = "the given credentials";
        } else if (!isBlank(env.get("AWS_ACCESS_KEY_ID")) && !isBlank(env.get("AWS_SECRET_ACCESS_KEY"))) {
            String token = env.get("AWS_SESSION_TOKEN");
            provider = StaticCredentialsProvider.create(isBlank(token)
                    ? AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))
                    : AwsSessionCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), token));
            source = "the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables";
        } else if (profileName != null) {
            provider = ProfileCredentialsProvider.builder().profileName(profileName).profileFile(profileFiles(env)).build();
            source = "profile '" + profileName + "'";
        } else {
            provider = DefaultCredentialsProvider.builder().build();
            source = "the default chain (environment, profiles, web identity, container and instance roles)";
        }
        return new AwsSettings(region, provider, source, allEndpoints, env);
    }

    private static ProfileFile profileFiles(Map<String, String> env) {
        // The given environment's HOME (a build's, in Jenkins), never the JVM's.
        String home = env.getOrDefault("HOME", "");
        Path config = Path.of(env.getOrDefault("AWS_CONFIG_FILE", home + "/.aws/config"));
        Path credentials = Path.of(env.getOrDefault("AWS_SHARED_CREDENTIALS_FILE", home + "/.aws/credentials"));
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        if (config.toFile().isFile()) {
            files.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        if (credentials.toFile().isFile()) {
            files.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
        }
        return files.build();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v;
            }
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * A copy whose credentials assume {@code roleArn} (with an optional external id) on top of the
     * current ones: one session, renewed near its expiry by {@code clock} (see {@link AssumedRoleCredentials}).
     * Nothing is called until the credentials are first used. Needs the region (STS is regional).
     */
    public AwsSettings withAssumedRole(String roleArn, String externalId, String sessionName, Clock clock) {
        if (roleArn == null || roleArn.isBlank()) {
            return this;
        }
        if (!roleArn.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+")) {
            throw QuaysideException.invalidInput("roleArn", "'" + roleArn + "' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)");
        }
        String session = sessionName == null || sessionName.isBlank() ? "quayside" : sessionName;
        if (!session.matches("[\\w+=,.@-]{2,64}")) {
            throw QuaysideException.invalidInput("roleSessionName", "'" + session + "' must be 2..64 of letters, digits and +=,.@_-");
        }
        region();
        AwsCredentialsProvider assumed = new AssumedRoleCredentials(this, roleArn, externalId, session, clock);
        return new AwsSettings(region, assumed, "role " + roleArn + " assumed with " + credentialsSource, endpoints, environment);
    }

    /** A copy with the region set when none was configured (e.g. taken from an ECR host name). */
    public AwsSettings withDefaultRegion(String name) {
        return region != null || name == null ? this : new AwsSettings(Region.of(name), credentials, credentialsSource, endpoints, environment);
    }

    public Region region() {
        if (region == null) {
            throw QuaysideException.invalidInput("region", "no AWS region given: set the region option, AWS_REGION or AWS_DEFAULT_REGION");
        }
        return region;
    }

    public Optional<Region> regionIfSet() {
        return Optional.ofNullable(region);
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** Where the credentials come from, for messages ("no credentials found in ..."). */
    public String credentialsSource() {
        return credentialsSource;
    }

    /** The endpoint override for a service ("ecr", "ecs", "logs", "sts"), if any. */
    public Optional<URI> endpoint(String service) {
        return Optional.ofNullable(endpoints.get(service));
    }

    public Map<String, String> environment() {
        return environment;
    }

    public AwsSettings withEndpoint(String service, URI endpoint) {
        Map<String, URI> copy = new HashMap<>(endpoints);
        copy.put(service, Objects.requireNonNull(endpoint));
        return new AwsSettings(region, credentials, credentialsSource, copy, environment);
    }
}
