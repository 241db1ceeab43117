package dev.quayside.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway Distribution-API stand-in: tag listing (paged by {@code n}/{@code last} with Link
 * headers, like Distribution) and manifests by tag or digest, behind Basic auth for user AWS.
 */
final class FakeRegistry implements AutoCloseable {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");

    private record Blob(String mediaType, byte[] body) {
    }

    private final String password;
    private final int pageSize;
    private final HttpServer server;
    /** Per repository: tags to digests, and digests to manifests. */
    private final Map<String, TreeMap<String, String>> tags = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Blob>> manifests = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    private FakeRegistry(String password, int pageSize) throws IOException {
        this.password = password;
        this.pageSize = pageSize;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** A registry accepting AWS:password whose tag listing pages every {@code pageSize} tags. */
    static FakeRegistry start(String password, int pageSize) {
        try {
            return new FakeRegistry(password, pageSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stores a manifest, tagged unless {@code tag} is null, and returns its digest. */
    synchronized String put(String repository, String tag, String mediaType, String manifest) {
        byte[] body = manifest.getBytes(StandardCharsets.UTF_8);
        String digest = digest(body);
        manifests.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(digest, new Blob(mediaType, body));
        TreeMap<String, String> repositoryTags = tags.computeIfAbsent(repository, r -> new TreeMap<>());
        if (tag != null) {
            repositoryTags.put(tag, digest);
        }
        return digest;
    }

    /** An image manifest with a config of {@code configMediaType} and layers of the given sizes. */
    static String imageManifest(String mediaType, String configMediaType, long... layerSizes) {
        StringBuilder layers = new StringBuilder();
        for (long size : layerSizes) {
            layers.append(layers.length() == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",")
                    .append("\"digest\":\"sha256:").append("a".repeat(63)).append(size % 10).append("\",")
                    .append("\"size\":").append(size).append('}');
        }
        return "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"config\":{\"mediaType\":\""
                + configMediaType + "\",\"digest\":\"sha256:" + "c".repeat(64) + "\",\"size\":1234},\"layers\":["
                + layers + "]}";
    }

    /** An OCI index over the given manifest digests. */
    static String index(String... digests) {
        StringBuilder entries = new StringBuilder();
        for (String digest : digests) {
            entries.append(entries.length() == 0 ? "" : ",").append("{\"mediaType\":\"").append(OCI_MANIFEST)
                    .append("\",\"digest\":\"").append(digest).append("\",\"size\":100}");
        }
        return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + entries + "]}";
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            synchronized (this) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            }
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
                return;
            }
            Matcher tagsPath = TAGS.matcher(path);
            Matcher manifestPath = MANIFEST.matcher(path);
            if (tagsPath.matches()) {
                listTags(exchange, tagsPath.group(1));
            } else if (manifestPath.matches()) {
                manifest(exchange, manifestPath.group(1), manifestPath.group(2));
            } else {
                send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            }
        }
    }

    private void listTags(HttpExchange exchange, String repository) throws IOException {
        TreeMap<String, String> repositoryTags = tags.get(repository);
        if (repositoryTags == null) {
            send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}");
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        String last = query == null ? null : query.replaceFirst(".*last=([^&]*).*", "$1");
        List<String> page;
        synchronized (this) {
            page = (last == null ? repositoryTags.navigableKeySet() : repositoryTags.tailMap(last, false).navigableKeySet())
                    .stream().limit(pageSize).toList();
        }
        if (!page.isEmpty() && !page.get(page.size() - 1).equals(repositoryTags.lastKey())) {
            exchange.getResponseHeaders().set("Link", "</v2/" + repository + "/tags/list?n=" + pageSize + "&last="
                    + page.get(page.size() - 1) + ">; rel=\"next\"");
        }
        String list = page.stream().map(t -> "\"" + t + "\"").reduce((a, b) -> a + "," + b).orElse("");
        send(exchange, 200, "application/json", "{\"name\":\"" + repository + "\",\"tags\":[" + list + "]}");
    }

    private void manifest(HttpExchange exchange, String repository, String reference) throws IOException {
        String digest = reference.contains(":") ? reference
                : tags.getOrDefault(repository, new TreeMap<>()).get(reference);
        Blob blob = digest == null ? null : manifests.getOrDefault(repository, Map.of()).get(digest);
        if (blob == null) {
            send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}");
            return;
        }
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        send(exchange, 200, blob.mediaType(), new String(blob.body(), StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
