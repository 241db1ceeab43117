package dev.quayside.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI distribution protocol calls a push needs, against one registry, with its authentication:
 * Basic (ECR, htpasswd registries) or Bearer tokens (Docker Hub style), and one credential refresh
 * when the registry answers 401 to a login that used to work.
 */
final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final int MAX_REDIRECTS = 5;
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    /** An exchange that sends and receives nothing for this long (or the request timeout, if shorter) is given up on. */
    static final Duration MAX_IDLE = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI endpoint;
    private final String registry;
    private final RegistryCredentials credentials;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final Object authLock = new Object();
    private volatile RegistryCredentials.Login login;
    private volatile String authorization;
    private volatile String bearerScope;
    private boolean refreshed;

    /** A failure worth retrying with a fresh upload session: connection trouble, a 5xx or a 429 answer. */
    static final class TransientException extends IOException {
        private static final long serialVersionUID = 1L;

        private final Duration retryAfter;

        TransientException(String message, Throwable cause) {
            this(message, cause, null);
        }

        TransientException(String message, Throwable cause, Duration retryAfter) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        /** What the registry asked for with {@code Retry-After}, if anything. */
        Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    RegistryClient(HttpClient http, URI endpoint, String registry, RegistryCredentials credentials, Duration requestTimeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.registry = registry;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.idleTimeout = requestTimeout.compareTo(MAX_IDLE) < 0 ? requestTimeout : MAX_IDLE;
        this.login = credentials.current().orElse(null);
        this.authorization = basic(login);
    }

    String registry() {
        return registry;
    }

    /** GET /v2/: reachability and login, before anything is uploaded. */
    void ping(List<String> repositories) throws IOException, InterruptedException {
        bearerScope = repositories.stream().map(r -> "repository:" + r + ":pull,push").reduce((a, b) -> a + " " + b).orElse("");
        HttpResponse<String> r = send(() -> request(endpoint.resolve("/v2/")).GET(), "check the login at " + registry);
        if (r.statusCode() != 200) {
            throw unexpected("check the login at " + registry, r);
        }
    }

    boolean blobExists(String repository, Digest digest) throws IOException, InterruptedException {
        HttpResponse<String> r = send(() -> request(url(repository, "/blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                "check whether " + repository + " has blob " + digest.shortForm());
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw unexpected("check whether " + repository + " has blob " + digest, r);
    }

    /** Starts an upload session, or mounts the blob from {@code from} when given; empty means mounted. */
    Optional<URI> startUpload(String repository, Digest digest, String from) throws IOException, InterruptedException {
        String query = from == null ? "" : "?mount=" + digest + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(() -> request(url(repository, "/blobs/uploads/" + query)).POST(HttpRequest.BodyPublishers.noBody()),
                "start the upload of blob " + digest.shortForm() + " to " + repository);
        if (r.statusCode() == 201 && from != null) {
            return Optional.empty();
        }
        if (r.statusCode() != 202) {
            throw unexpected("start the upload of blob " + digest + " to " + repository, r);
        }
        return Optional.of(location(r));
    }

    /** Streams the blob into the session (PATCH) and commits it under its digest (PUT). */
    void upload(URI session, String repository, Descriptor blob, BlobContent content, String role, LongConsumer onBytes)
            throws IOException, InterruptedException {
        Progress progress = new Progress();
        HttpResponse<String> patch = send(() -> request(session).timeout(uploadTimeout(content.size()))
                        .header("Content-Type", "application/octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(new BlobPublisher(content, n -> {
                            progress.touch();
                            onBytes.accept(n);
                        }), content.size())),
                "upload blob " + blob.digest().shortForm() + " to " + repository, progress);
        if (patch.statusCode() != 202 && patch.statusCode() != 204) {
            throw unexpected("upload blob " + blob.digest() + " to " + repository, patch);
        }
        URI next = location(patch);
        URI commit = URI.create(next + (next.getRawQuery() == null ? "?" : "&") + "digest=" + URLEncoder.encode(blob.digest().toString(), StandardCharsets.UTF_8));
        HttpResponse<String> put = send(() -> request(commit).PUT(HttpRequest.BodyPublishers.noBody()),
                "commit blob " + blob.digest().shortForm() + " in " + repository);
        if (put.statusCode() == 201 || put.statusCode() == 204) {
            return;
        }
        String code = errorCode(put);
        if (put.statusCode() == 400 && (code.equals("DIGEST_INVALID") || code.equals("BLOB_UPLOAD_INVALID") || code.equals("SIZE_INVALID"))) {
            throw QuaysideException.invalidInput("source", "blob " + blob.digest() + " (" + role + ") from "
                    + (content.file() == null ? "the source" : content.file()) + " does not match its digest: the registry computed a different one ("
                    + code + "). The image is corrupt; rebuild or re-export it. Nothing was tagged");
        }
        throw unexpected("commit blob " + blob.digest() + " in " + repository, put);
    }

    /** PUTs a manifest byte for byte; returns the digest the registry reports. */
    Optional<String> putManifest(String repository, String reference, String mediaType, byte[] bytes) throws IOException, InterruptedException {
        String what = "push manifest for " + registry + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        HttpResponse<String> r = send(() -> request(url(repository, "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), what);
        if (r.statusCode() == 201 || r.statusCode() == 200 || r.statusCode() == 202) {
            return r.headers().firstValue("Docker-Content-Digest");
        }
        String code = errorCode(r);
        String message = errorMessage(r);
        if (code.equals("TAG_INVALID") || message.contains("immutable")) {
            throw QuaysideException.of(Failure.REJECTED, what, message.isEmpty() ? "the registry refused the tag (" + code + ")" : message,
                    "Push a new tag (e.g. the build number) or make the repository's tags MUTABLE.");
        }
        if (code.equals("MANIFEST_BLOB_UNKNOWN") || code.equals("BLOB_UNKNOWN")) {
            throw QuaysideException.of(Failure.REMOTE, what, "the registry does not have a blob the manifest references (" + message + ")",
                    "Retry the push; if it persists, the registry lost an upload.");
        }
        throw unexpected(what, r);
    }

    private URI url(String repository, String path) {
        return endpoint.resolve("/v2/" + repository + path);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    private URI location(HttpResponse<?> r) throws IOException {
        String location = r.headers().firstValue("Location")
                .orElseThrow(() -> new TransientException(registry + " answered " + r.statusCode() + " without a Location header", null));
        return r.uri().resolve(location);
    }

    /**
     * Sends with the current authorization; on 401 it takes one step: fetch a Bearer token the
     * challenge asks for, or refresh the login once. 5xx and connection failures become
     * {@link TransientException}.
     */
    private HttpResponse<String> send(Supplier<HttpRequest.Builder> builder, String what) throws IOException, InterruptedException {
        return send(builder, what, new Progress());
    }

    private HttpResponse<String> send(Supplier<HttpRequest.Builder> builder, String what, Progress progress) throws IOException, InterruptedException {
        String sentWith = authorization;
        HttpResponse<String> r = sendOnce(builder, sentWith, what, progress);
        if (r.statusCode() != 401) {
            return r;
        }
        Map<String, String> challenge = challenge(r);
        synchronized (authLock) {
            if (Objects.equals(sentWith, authorization)) {
                if (challenge.containsKey("realm")) {
                    authorization = bearerToken(challenge, what);
                    if (Objects.equals(sentWith, authorization) || authorization == null) {
                        throw refusedLogin(what);
                    }
                } else if (!refreshed && login != null) {
                    refreshed = true;
                    login = credentials.refresh().orElse(login);
                    authorization = basic(login);
                } else {
                    throw refusedLogin(what);
                }
            }
        }
        r = sendOnce(builder, authorization, what, progress);
        if (r.statusCode() == 401) {
            throw refusedLogin(what);
        }
        return r;
    }

    /**
     * One exchange, following redirects itself (at most {@link #MAX_REDIRECTS}): credentials are scoped to
     * the registry's origin, as Docker and containerd scope them, so a redirect or an upload location on
     * another scheme, host or port (a presigned storage URL) gets the request without them.
     */
    private HttpResponse<String> sendOnce(Supplier<HttpRequest.Builder> builder, String auth, String what, Progress progress)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = builder.get();
        URI target = b.build().uri();
        for (int redirects = 0; ; redirects++) {
            if (auth != null && sameOrigin(target, endpoint)) {
                b.header("Authorization", auth);
            }
            HttpRequest request = b.build();
            HttpResponse<String> r = exchange(request, what, progress);
            int status = r.statusCode();
            if (status >= 500 || status == 429) {
                throw new TransientException(registry + " answered " + status + " while trying to " + what + errorSuffix(r), null,
                        retryAfter(r.headers()).orElse(null));
            }
            Optional<String> location = r.headers().firstValue("Location");
            boolean redirect = status == 307 || status == 308
                    || ((status == 301 || status == 302 || status == 303) && (r.request().method().equals("GET") || r.request().method().equals("HEAD")));
            if (!redirect || location.isEmpty()) {
                return r;
            }
            if (redirects == MAX_REDIRECTS) {
                throw QuaysideException.of(Failure.REMOTE, what, registry + " redirected more than " + MAX_REDIRECTS + " times", null);
            }
            target = r.uri().resolve(location.get());
            if (!target.getScheme().equals("https") && !target.getScheme().equals("http")) {
                throw QuaysideException.of(Failure.REMOTE, what, registry + " redirected to " + target.getScheme() + ":, not http(s)", null);
            }
            b = builder.get().uri(target);
        }
    }

    /**
     * One HTTP exchange within the request's timeout, body included, and with no pause longer than the
     * idle bound in what is sent or received (a registry that answers a byte at a time, stops reading an
     * upload, or never answers, is given up on and the exchange cancelled); the body is capped at
     * {@link #MAX_RESPONSE_BYTES} (registry answers are small documents).
     */
    private HttpResponse<String> exchange(HttpRequest request, String what, Progress progress) throws IOException, InterruptedException {
        Duration timeout = request.timeout().orElse(requestTimeout);
        progress.touch();
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, info -> {
            progress.touch();
            return CappedBody.of(MAX_RESPONSE_BYTES, progress::touch);
        });
        try {
            while (true) {
                long now = System.nanoTime();
                long wait = Math.min(deadline - now, progress.lastNanos() + idleTimeout.toNanos() - now);
                if (wait <= 0) {
                    future.cancel(true);
                    throw new TransientException(deadline - now <= 0
                            ? registry + " did not answer within " + timeout.toSeconds() + " s while trying to " + what
                            : registry + " sent and took nothing for " + idleTimeout.toSeconds() + " s while trying to " + what, null);
                }
                try {
                    return future.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // Check both bounds again: progress may have been made meanwhile.
                }
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CappedBody.TooLarge) {
                throw QuaysideException.of(Failure.REMOTE, what, registry + " answered with more than " + MAX_RESPONSE_BYTES + " bytes", null);
            }
            if (cause instanceof java.net.ConnectException) {
                throw new TransientException("cannot connect to " + registry + " (" + request.uri() + "): " + describe((IOException) cause), cause);
            }
            String message = cause instanceof IOException ? describe((IOException) cause) : String.valueOf(cause);
            throw new TransientException("the connection to " + registry + " failed while trying to " + what + ": " + message, cause);
        }
    }

    /** When an exchange last sent or received a byte (monotonic time). */
    private static final class Progress {
        private final AtomicLong last = new AtomicLong(System.nanoTime());

        void touch() {
            last.set(System.nanoTime());
        }

        long lastNanos() {
            return last.get();
        }
    }

    /** Enough for the registry to take in {@code bytes} at a slow but steady 512 KiB/s, on top of the usual bound. */
    private Duration uploadTimeout(long bytes) {
        return requestTimeout.plusSeconds(bytes / (512 * 1024));
    }

    /**
     * {@code Retry-After} as seconds or as an HTTP date; a date is taken relative to the answer's own
     * {@code Date} (the registry's clock, not ours), and ignored without one. Unreadable values are ignored.
     */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().matches("[0-9]{1,6}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.get())));
        }
        Optional<String> date = headers.firstValue("Date");
        try {
            if (date.isPresent()) {
                Duration d = Duration.between(ZonedDateTime.parse(date.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME),
                        ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            }
        } catch (DateTimeParseException e) {
            // not a date either: as if there were none
        }
        return Optional.empty();
    }

    /** Same scheme, host and port (the default port of the scheme when none is given). */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String bearerToken(Map<String, String> challenge, String what) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder();
        if (challenge.containsKey("service")) {
            q.append("service=").append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8));
        }
        String scope = challenge.getOrDefault("scope", bearerScope);
        for (String s : (scope == null ? "" : scope).split(" ")) {
            if (!s.isEmpty()) {
                q.append(q.length() == 0 ? "" : "&").append("scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
            }
        }
        URI realm = URI.create(challenge.get("realm") + (q.length() == 0 ? "" : "?" + q));
        HttpRequest.Builder b = request(realm).GET();
        if (login != null) {
            b.header("Authorization", basic(login));
        }
        HttpResponse<String> r = exchange(b.build(), "get a token from the token service " + realm.getHost() + " of " + registry, new Progress());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw refusedLogin(what);
        }
        if (r.statusCode() != 200) {
            throw unexpected("get a token from " + realm.getHost() + " for " + registry, r);
        }
        JsonNode body = JSON.readTree(r.body());
        String token = body.path("token").asText(body.path("access_token").asText(""));
        return token.isEmpty() ? null : "Bearer " + token;
    }

    private QuaysideException refusedLogin(String what) {
        String user = login == null ? "no login (anonymous)" : "user '" + login.username() + "'";
        return QuaysideException.of(Failure.REMOTE, what, "the registry " + registry + " refused the login of " + user + " (401 Unauthorized)",
                login == null ? "Log in first (for ECR, give AWS credentials)." : "Check the credentials; an ECR token is valid for 12 hours and is fetched again once automatically.");
    }

    private static Map<String, String> challenge(HttpResponse<?> r) {
        Map<String, String> params = new LinkedHashMap<>();
        String header = r.headers().firstValue("WWW-Authenticate").orElse("");
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Matcher m = CHALLENGE_PARAM.matcher(header);
            while (m.find()) {
                params.put(m.group(1), m.group(2));
            }
        }
        return params;
    }

    private static String basic(RegistryCredentials.Login login) {
        if (login == null) {
            return null;
        }
        String pair = login.username() + ":" + login.password().reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private QuaysideException unexpected(String what, HttpResponse<String> r) {
        Failure failure = r.statusCode() == 403 ? Failure.REJECTED : Failure.REMOTE;
        return QuaysideException.of(failure, what, registry + " answered " + r.statusCode() + errorSuffix(r),
                r.statusCode() == 403 ? "Check that the identity may push to this repository." : null);
    }

    private static String errorSuffix(HttpResponse<String> r) {
        String code = errorCode(r);
        String message = errorMessage(r);
        return code.isEmpty() ? "" : " " + code + (message.isEmpty() ? "" : ": " + message);
    }

    private static JsonNode firstError(HttpResponse<String> r) {
        try {
            String body = r.body();
            return body == null || body.isBlank() ? null : JSON.readTree(body).path("errors").path(0);
        } catch (IOException e) {
            return null;
        }
    }

    private static String errorCode(HttpResponse<String> r) {
        JsonNode e = firstError(r);
        return e == null ? "" : e.path("code").asText("");
    }

    private static String errorMessage(HttpResponse<String> r) {
        JsonNode e = firstError(r);
        return e == null ? "" : e.path("message").asText("");
    }
}
