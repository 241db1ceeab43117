package dev.quayside.engine.registry;

import dev.quayside.engine.net.ProxySettings;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/** The HTTP client for registries: HTTP/1.1 so parallel uploads get their own connections. */
public final class HttpClients {
    private HttpClients() {
    }

    /** Honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the given environment (the build's, not the JVM's). */
    public static HttpClient registryClient(Map<String, String> environment) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                // RegistryClient follows redirects itself, so that credentials never leave the registry's origin.
                .followRedirects(HttpClient.Redirect.NEVER);
        ProxySettings.fromEnvironment(environment).selector().ifPresent(b::proxy);
        return b.build();
    }
}
