package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quayside.engine.errors.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials stay with the registry's origin: a redirect (307 to blob storage) or an upload Location
 * on another host or port gets the request without the Authorization header, as Docker and containerd
 * send it; a redirect within the registry keeps it.
 */
class RegistryClientRedirectTest {
    private static final String PASSWORD = "ecr-token-that-must-stay-home";
    private static final byte[] BLOB = "layer".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(BLOB);

    private final List<String> registrySaw = new CopyOnWriteArrayList<>();
    private final List<String> storageSaw = new CopyOnWriteArrayList<>();
    private HttpServer registry;
    private HttpServer storage;

    @BeforeEach
    void start() throws IOException {
        storage = server(storageSaw, exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("PATCH")) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Location", path);
                return 202;
            }
            return exchange.getRequestMethod().equals("PUT") ? 201 : 200;
        });
        registry = server(registrySaw, exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v2/app/blobs/" + DIGEST)) {
                exchange.getResponseHeaders().set("Location", storageUrl("/bucket/" + DIGEST.hex() + "?X-Amz-Signature=presigned"));
                return 307;
            }
            if (path.equals("/v2/app/blobs/uploads/")) {
                exchange.getResponseHeaders().set("Location", storageUrl("/uploads/42"));
                return 202;
            }
            if (path.equals("/v2/moved/blobs/" + DIGEST)) {
                exchange.getResponseHeaders().set("Location", "/v2/app-renamed/blobs/" + DIGEST);
                return 307;
            }
            return path.startsWith("/v2/app-renamed/") ? 200 : 404;
        });
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        storage.stop(0);
    }

    @Test
    void aRedirectToAnotherHost_getsNoCredentials() throws Exception {
        assertThat(client().blobExists("app", DIGEST)).isTrue();

        assertThat(registrySaw).containsExactly("HEAD /v2/app/blobs/" + DIGEST + " auth");
        assertThat(storageSaw).containsExactly("HEAD /bucket/" + DIGEST.hex() + " none");
    }

    @Test
    void anUploadLocationOnAnotherHost_getsNoCredentials() throws Exception {
        RegistryClient client = client();
        URI session = client.startUpload("app", DIGEST, null).orElseThrow();

        client.upload(session, "app", Descriptor.of("application/vnd.oci.image.layer.v1.tar", DIGEST, BLOB.length), BlobContent.ofBytes(BLOB), "layer",
                n -> { });

        assertThat(registrySaw).containsExactly("POST /v2/app/blobs/uploads/ auth");
        assertThat(storageSaw).containsExactly("PATCH /uploads/42 none", "PUT /uploads/42 none");
    }

    @Test
    void aRedirectWithinTheRegistry_keepsTheCredentials() throws Exception {
        assertThat(client().blobExists("moved", DIGEST)).isTrue();

        assertThat(registrySaw).containsExactly("HEAD /v2/moved/blobs/" + DIGEST + " auth", "HEAD /v2/app-renamed/blobs/" + DIGEST + " auth");
        assertThat(storageSaw).isEmpty();
    }

    @Test
    void sameOrigin_isSchemeHostAndPort() {
        URI registry = URI.create("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/");
        assertThat(RegistryClient.sameOrigin(URI.create("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com:443/v2/x"), registry)).isTrue();
        assertThat(RegistryClient.sameOrigin(URI.create("http://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/x"), registry)).isFalse();
        assertThat(RegistryClient.sameOrigin(URI.create("https://prod-eu-west-1-starport-layer-bucket.s3.amazonaws.com/x"), registry)).isFalse();
        assertThat(RegistryClient.sameOrigin(URI.create("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com:8443/v2/x"), registry)).isFalse();
    }

    private RegistryClient client() {
        URI endpoint = URI.create("http://127.0.0.1:" + registry.getAddress().getPort());
        return new RegistryClient(HttpClients.registryClient(Map.of()), endpoint, "127.0.0.1:" + registry.getAddress().getPort(),
                RegistryCredentials.of("AWS", Secret.of(PASSWORD)), Duration.ofSeconds(10));
    }

    private String storageUrl(String path) {
        return "http://127.0.0.1:" + storage.getAddress().getPort() + path;
    }

    private interface Handler {
        int handle(HttpExchange exchange) throws IOException;
    }

    private static HttpServer server(List<String> seen, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + (auth == null ? " none" : " auth"));
                int status = handler.handle(exchange);
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
        return server;
    }
}
