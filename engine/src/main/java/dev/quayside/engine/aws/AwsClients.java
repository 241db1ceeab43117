package dev.quayside.engine.aws;

import dev.quayside.engine.net.ProxySettings;
import java.net.URI;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Builds SDK clients from {@link AwsSettings}: region, credentials, endpoint override and proxy. */
public final class AwsClients {
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
        builder.region(settings.region()).credentialsProvider(settings.credentials()).httpClientBuilder(httpClient(settings, service));
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
