package dev.quayside.engine.aws;

import dev.quayside.engine.net.ProxySettings;
import java.net.URI;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.services.ecr.EcrClient;

/** Builds SDK clients from {@link AwsSettings}: region, credentials, endpoint override and proxy. */
public final class AwsClients {
    private AwsClients() {
    }

    public static EcrClient ecr(AwsSettings settings) {
        var b = EcrClient.builder()
                .region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClient(httpClient(settings, "ecr"));
        settings.endpoint("ecr").ifPresent(b::endpointOverride);
        return b.build();
    }

    static SdkHttpClient httpClient(AwsSettings settings, String service) {
        ProxySettings proxies = ProxySettings.fromEnvironment(settings.environment());
        URI probe = settings.endpoint(service).orElse(URI.create("https://" + service + "." + settings.region().id() + ".amazonaws.com"));
        ProxyConfiguration.Builder proxy = ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false);
        proxies.proxyFor(probe).ifPresent(proxy::endpoint);
        return ApacheHttpClient.builder().proxyConfiguration(proxy.build()).build();
    }
}
