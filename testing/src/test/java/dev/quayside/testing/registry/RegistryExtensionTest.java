package dev.quayside.testing.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.testing.Skopeo;
import dev.quayside.testing.images.ImageFixture;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RegistryExtensionTest {

    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();

    private static final ImageFixture IMAGE = ImageFixture.builder().seed(7).layerSizes(1024, 32 * 1024).tag("1.0");

    private static String classHostPort;

    @TempDir
    Path tmp;

    @BeforeAll
    static void recordClassRegistry() {
        classHostPort = registry.hostPort();
    }

    @Test
    void start_servesV2WithBasicAuth() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder v2 = HttpRequest.newBuilder(registry.endpoint().resolve("/v2/"));

        HttpResponse<String> anonymous = http.send(v2.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> authorized = HttpPush.send(registry, v2);
        String wrong = Base64.getEncoder().encodeToString("AWS:wrong".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(registry.endpoint().resolve("/v2/"))
                .header("Authorization", "Basic " + wrong).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
        assertThat(authorized.statusCode()).isEqualTo(200);
        assertThat(rejected.statusCode()).isEqualTo(401);
    }

    @Test
    void start_exposesLoopbackEndpointAndRandomUrlSafePassword() {
        int port = registry.endpoint().getPort();

        assertThat(registry.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(registry.hostPort()).isEqualTo("127.0.0.1:" + port);
        assertThat(registry.username()).isEqualTo("AWS");
        assertThat(registry.password()).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
        assertThat(registry.toString()).contains(registry.hostPort()).doesNotContain(registry.password());
    }

    @Test
    void start_writesDeletableFilesystemConfigAndAccessLog() throws Exception {
        Path workDir = registry.logFile().getParent();
        String config = Files.readString(workDir.resolve("config.yml"));

        assertThat(config).contains("rootdirectory: \"" + registry.storageDir() + "\"")
                .contains("  delete:\n    enabled: true")
                .contains("addr: " + registry.hostPort())
                .contains("accesslog:\n    disabled: false");
        assertThat(Files.readString(workDir.resolve("htpasswd"))).startsWith("AWS:$2y$");
        assertThat(Files.readString(registry.logFile())).contains("\"GET /v2/ HTTP/1.1\" 401");
    }

    @Test
    void tagsAndManifestDigest_areEmptyForUnknownRepository() {
        assertThat(registry.tags("never/pushed")).isEmpty();
        assertThat(registry.manifestDigest("never/pushed", "1.0")).isEmpty();
    }

    @Test
    void tagsAndManifestDigest_reflectAnHttpPush() throws Exception {
        ImageFixture.Written image = IMAGE.writeOciLayout(tmp);

        String pushed = HttpPush.push(registry, image, "team/http-push", "1.0");

        assertThat(pushed).isEqualTo(image.digest());
        assertThat(registry.tags("team/http-push")).containsExactly("1.0");
        assertThat(registry.manifestDigest("team/http-push", "1.0")).contains(image.digest());
        assertThat(registry.manifestDigest("team/http-push", image.digest())).contains(image.digest());
        assertThat(registry.manifestDigest("team/http-push", "2.0")).isEmpty();
        assertThat(registry.storageDir().resolve("docker/registry/v2/repositories/team/http-push")).isDirectory();
    }

    @Test
    void manifestDigest_returnsIndexDigestOfMultiPlatformSkopeoPush() throws Exception {
        ImageFixture.Written image = IMAGE.platforms("linux/amd64", "linux/arm64").tag("multi")
                .writeOciLayout(tmp.resolve("layout"));
        Path authFile = tmp.resolve("auth.json");
        String auth = Base64.getEncoder().encodeToString(
                (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(authFile, "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}");

        Skopeo.run("--insecure-policy", "copy", "--quiet", "--all", "--preserve-digests",
                "--dest-tls-verify=false", "--dest-authfile", authFile.toString(),
                "oci:" + image.path() + ":multi", "docker://" + registry.hostPort() + "/team/multi:multi");

        assertThat(registry.tags("team/multi")).containsExactly("multi");
        assertThat(registry.manifestDigest("team/multi", "multi")).contains(image.digest());
    }

    @Test
    void start_standaloneCloseKillsProcessAndDeletesFiles() throws Exception {
        RegistryExtension standalone = new RegistryExtension();
        int port;
        Path workDir;
        try (RegistryExtension running = standalone.start()) {
            port = running.endpoint().getPort();
            workDir = running.logFile().getParent();
            assertThat(port).isNotEqualTo(registry.endpoint().getPort());
            assertThat(running.tags("anything")).isEmpty();
            assertThatThrownBy(running::start).isInstanceOf(IllegalStateException.class);
        }

        assertThat(workDir).doesNotExist();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(standalone::endpoint).isInstanceOf(IllegalStateException.class);
        assertThat(standalone.toString()).contains("not running");
        standalone.close();
    }

    @Nested
    class NestedClass {
        @Test
        void staticField_isSharedWithNestedClassesWithoutRestart() {
            assertThat(registry.hostPort()).isEqualTo(classHostPort);
            assertThat(registry.tags("nested")).isEmpty();
        }
    }
}
