package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tags and manifests from the Distribution registry that the ECR simulator fronts, as user
 * {@code AWS} with HTTP Basic auth. Needs {@code GET /v2/<name>/tags/list} and
 * {@code GET /v2/<name>/manifests/<reference>}.
 */
final class RegistryClient {

    static final String USER = "AWS";
    private static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    /** A manifest as served: its digest, media type, parsed body and the body's text as stored. */
    record Manifest(String digest, String mediaType, JsonNode body, String text) {

        boolean isIndex() {
            return body.has("manifests");
        }

        /** The config's media type, which ECR reports as the artifact media type; absent for an index. */
        Optional<String> artifactMediaType() {
            return AwsRequest.string(body.path("config").path("mediaType"), "config.mediaType");
        }
    }

    private final URI endpoint;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    RegistryClient(URI endpoint, String password) {
        this.endpoint = endpoint;
        this.password = password;
    }

    /** The proxy endpoint to report, the registry URI without a trailing slash. */
    String proxyEndpoint() {
        String uri = endpoint.toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    String password() {
        return password;
    }

    /** The repository's tags, following pagination links; empty if the registry does not know the repository. */
    Optional<List<String>> tags(String repository) {
        List<String> tags = new ArrayList<>();
        String path = "/v2/" + repository + "/tags/list";
        while (path != null) {
            HttpResponse<byte[]> response = get(path, "application/json");
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            expectOk(response, path);
            for (JsonNode tag : read(response, path).path("tags")) {
                tags.add(tag.asText());
            }
            path = response.headers().firstValue("Link").map(NEXT_LINK::matcher)
                    .filter(Matcher::find).map(m -> m.group(1)).orElse(null);
        }
        return Optional.of(List.copyOf(tags));
    }

    /** The manifest that a tag or digest names; empty if there is none. */
    Optional<Manifest> manifest(String repository, String reference) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        HttpResponse<byte[]> response = get(path, ACCEPT);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, path);
        JsonNode body = read(response, path);
        String digest = response.headers().firstValue("Docker-Content-Digest")
                .orElseGet(() -> sha256(response.body()));
        String mediaType = response.headers().firstValue("Content-Type")
                .map(type -> type.replaceFirst(";.*", "").trim())
                .orElseGet(() -> body.path("mediaType").asText());
        return Optional.of(new Manifest(digest, mediaType, body, new String(response.body(), StandardCharsets.UTF_8)));
    }

    /** A JSON blob (an image config), or empty if the registry has none by that digest. */
    Optional<JsonNode> jsonBlob(String repository, String digest) {
        String path = "/v2/" + repository + "/blobs/" + digest;
        HttpResponse<byte[]> response = get(path, "*/*");
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, path);
        return Optional.of(read(response, path));
    }

    /**
     * The image config of a tag or digest (for an index, of its first manifest), or empty if the registry
     * has no such image or no such config blob.
     */
    Optional<JsonNode> config(String repository, String reference) {
        Optional<Manifest> manifest = manifest(repository, reference);
        if (manifest.isPresent() && manifest.get().isIndex()) {
            String first = manifest.get().body().path("manifests").path(0).path("digest").asText("");
            manifest = first.isEmpty() ? Optional.empty() : manifest(repository, first);
        }
        String config = manifest.map(m -> m.body().path("config").path("digest").asText("")).orElse("");
        return config.isEmpty() ? Optional.empty() : jsonBlob(repository, config);
    }

    /** A label of the image config's {@code config.Labels}, or empty. */
    Optional<String> label(String repository, String reference, String label) {
        return config(repository, reference).map(c -> c.path("config").path("Labels").path(label).asText(""))
                .filter(value -> !value.isEmpty());
    }

    /**
     * The compressed size ECR would report: the sum of the layers, or for an index the largest of its
     * manifests.
     */
    long size(String repository, Manifest manifest) {
        if (manifest.isIndex()) {
            long largest = 0;
            for (JsonNode child : manifest.body().path("manifests")) {
                Optional<Manifest> resolved = manifest(repository, child.path("digest").asText());
                if (resolved.isPresent()) {
                    largest = Math.max(largest, size(repository, resolved.get()));
                }
            }
            return largest;
        }
        long sum = 0;
        for (JsonNode layer : manifest.body().path("layers")) {
            sum += layer.path("size").asLong();
        }
        return sum;
    }

    private HttpResponse<byte[]> get(String path, String accept) {
        String credentials = Base64.getEncoder()
                .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", accept)
                .header("Authorization", "Basic " + credentials)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw registryFailure("cannot reach the registry at " + endpoint + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw registryFailure("interrupted while calling the registry at " + endpoint);
        }
    }

    private void expectOk(HttpResponse<byte[]> response, String path) {
        if (response.statusCode() != 200) {
            throw registryFailure("the registry answered GET " + path + " with HTTP " + response.statusCode()
                    + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private static JsonNode read(HttpResponse<byte[]> response, String path) {
        try {
            return AwsJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw registryFailure("the registry answered GET " + path + " with invalid JSON: " + e.getMessage());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A setup problem of the test, surfaced as ECR's internal error. */
    private static AwsError registryFailure(String message) {
        return new AwsError("ServerException", "ECR simulator: " + message, 500);
    }
}
