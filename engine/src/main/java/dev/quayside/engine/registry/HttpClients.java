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

    /**
     * Stops the client's selector thread now, where the JVM can ({@code HttpClient.shutdownNow}, Java 21+).
     * Left alone, that thread waits in native code until the client is garbage collected: a JVM that exits
     * waits up to 0.3 s for threads in native code, and an agent JVM would keep one such thread per push.
     */
    public static void shutdownNow(HttpClient client) {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
        } catch (NoSuchMethodException e) {
            // Java 17 has no way to stop it; the thread ends once the client is collected.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot shut down the registry HTTP client", e);
        }
    }
}
