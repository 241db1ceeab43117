package dev.quayside.engine.aws;

import dev.quayside.engine.net.ProxySettings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds SDK clients from {@link AwsSettings}: region, credentials, endpoint override, proxy, and bounds
 * on every call (an endpoint that accepts the connection and then hangs must not hold a release).
 */
public final class AwsClients {
    /** One HTTP attempt; ECR, ECS, CloudWatch Logs and STS answer in well under a second when healthy. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** One API call with the SDK's retries. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private AwsClients() {
    }

    public static EcrClient ecr(AwsSettings settings) {
        return configure(EcrClient.builder(), settings, "ecr");
    }

    public static EcsClient ecs(AwsSettings settings) {
        return configure(EcsClient.builder(), settings, "ecs");
    }

    public static CloudWatchLogsClient logs(AwsSettings settings) {
        return configure(CloudWatchLogsClient.builder(), settings, "logs");
    }

    /** STS, for role assumption with the settings' current credentials. */
    public static StsClient sts(AwsSettings settings) {
        return configure(StsClient.builder(), settings, "sts");
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, AwsSettings settings, String service) {
        builder.region(settings.region()).credentialsProvider(settings.credentials()).httpClientBuilder(httpClient(settings, service))
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        settings.endpoint(service).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static SdkHttpClient.Builder<?> httpClient(AwsSettings settings, String service) {
        ProxySettings proxies = ProxySettings.fromEnvironment(settings.environment());
        URI probe = settings.endpoint(service).orElse(URI.create("https://" + service + "." + settings.region().id() + ".amazonaws.com"));
        ProxyConfiguration.Builder proxy = ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false);
        proxies.proxyFor(probe).ifPresent(proxy::endpoint);
        return ApacheHttpClient.builder().proxyConfiguration(proxy.build());
    }
}
