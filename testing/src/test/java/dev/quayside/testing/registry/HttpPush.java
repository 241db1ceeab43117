package dev.quayside.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.testing.images.ImageFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Pushes a single-platform OCI layout with plain registry API calls, independently of skopeo. */
public final class HttpPush {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpPush() {
    }

    /** Uploads config and layers monolithically, then PUTs the manifest under {@code tag}; returns its digest. */
    public static String push(RegistryExtension registry, ImageFixture.Written layout, String repository, String tag)
            throws IOException, InterruptedException {
        byte[] manifest = blob(layout.path(), layout.digest());
        JsonNode json = JSON.readTree(manifest);
        List<String> digests = new ArrayList<>();
        digests.add(json.get("config").get("digest").asText());
        json.get("layers").forEach(layer -> digests.add(layer.get("digest").asText()));
        for (String digest : digests) {
            HttpResponse<String> started = send(registry, HttpRequest.newBuilder(
                    registry.endpoint().resolve("/v2/" + repository + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            expect(started, 202);
            URI location = registry.endpoint().resolve(started.headers().firstValue("Location").orElseThrow());
            URI put = URI.create(location + (location.getQuery() == null ? "?" : "&") + "digest=" + digest);
            expect(send(registry, HttpRequest.newBuilder(put)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(blob(layout.path(), digest)))), 201);
        }
        HttpResponse<String> stored = send(registry, HttpRequest.newBuilder(
                registry.endpoint().resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", ImageFixture.OCI_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
        expect(stored, 201);
        return stored.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    public static HttpResponse<String> send(RegistryExtension registry, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(
                (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(request.header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
    }
}
