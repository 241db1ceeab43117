package dev.quayside.testing.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.testing.HostTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real CNCF Distribution registry ({@code docker-registry}) on 127.0.0.1 with htpasswd Basic
 * auth for user {@code AWS} and a random password, backed by its own temporary storage.
 *
 * <p>As a static {@code @RegisterExtension} field there is one registry per test class; as an
 * instance field, one per test. Outside JUnit, {@link #start()} and {@link #close()} do the same.
 * Missing binaries abort the test, or fail it when {@code CI=true} (see {@link HostTools}).
 */
public final class RegistryExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

    public static final String USERNAME = "AWS";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    private static final String MANIFEST_ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Instance instance;
    /** Unique id of the JUnit context that started the registry; only that context stops it. */
    private String ownerContextId;

    public RegistryExtension() {
    }

    /** Starts the registry outside JUnit; stop it with {@link #close()}. Returns {@code this}. */
    public synchronized RegistryExtension start() {
        if (instance != null) {
            throw new IllegalStateException("registry already running at " + instance.endpoint());
        }
        instance = Instance.launch();
        return this;
    }

    /** Stops the registry process and deletes its temporary directories; no-op when not running. */
    @Override
    public synchronized void close() {
        if (instance != null) {
            Instance stopping = instance;
            instance = null;
            ownerContextId = null;
            stopping.stop();
        }
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    // Nested classes and per-test callbacks of a class-level registry must reuse, not restart, it.
    private void startFor(ExtensionContext context) {
        if (instance == null) {
            start();
            ownerContextId = context.getUniqueId();
        }
    }

    private void stopFor(ExtensionContext context) {
        if (context.getUniqueId().equals(ownerContextId)) {
            close();
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return running().endpoint();
    }

    /** {@code 127.0.0.1:PORT}, as used in image references. */
    public String hostPort() {
        return running().hostPort();
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return running().password;
    }

    public Path storageDir() {
        return running().storageDir;
    }

    /** Registry stdout and stderr, including the access log. Deleted on stop. */
    public Path logFile() {
        return running().logFile;
    }

    /** Tags of {@code repository} via {@code GET /v2/<repository>/tags/list}; empty if it does not exist. */
    public List<String> tags(String repository) {
        Instance running = running();
        HttpResponse<byte[]> response = running.send(running.request("/v2/" + repository + "/tags/list").GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return List.of();
        }
        requireStatus(response, 200, "list tags of " + repository);
        List<String> tags = new ArrayList<>();
        try {
            JSON.readTree(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("unparseable tag list for " + repository, e);
        }
        return List.copyOf(tags);
    }

    /**
     * The {@code Docker-Content-Digest} of a manifest or index, by tag or digest, as the registry
     * reports it to a client accepting OCI and Docker v2 types; empty if it does not exist.
     */
    public Optional<String> manifestDigest(String repository, String reference) {
        Instance running = running();
        HttpRequest.Builder head = running.request("/v2/" + repository + "/manifests/" + reference)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_ACCEPT);
        HttpResponse<Void> response = running.send(head, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireStatus(response, 200, "HEAD manifest " + repository + ":" + reference);
        return Optional.of(response.headers().firstValue("Docker-Content-Digest").orElseThrow(
                () -> new IllegalStateException("no Docker-Content-Digest for " + repository + ":" + reference)));
    }

    @Override
    public synchronized String toString() {
        return instance == null
                ? "RegistryExtension[not running]"
                : "RegistryExtension[" + instance.endpoint() + ", user " + USERNAME + "]";
    }

    private synchronized Instance running() {
        if (instance == null) {
            throw new IllegalStateException("registry is not running");
        }
        return instance;
    }

    private static void requireStatus(HttpResponse<?> response, int expected, String what) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode());
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One launched registry process and the files it owns. */
    private static final class Instance {
        private final Process process;
        private final int port;
        private final String password;
        private final Path workDir;
        private final Path storageDir;
        private final Path logFile;
        private final HttpClient http;
        private final Thread shutdownHook;

        private Instance(Process process, int port, String password, Path workDir) {
            this.process = process;
            this.port = port;
            this.password = password;
            this.workDir = workDir;
            this.storageDir = workDir.resolve("storage");
            this.logFile = workDir.resolve("registry.log");
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            // A JVM that exits without close() must not leave a registry listening.
            this.shutdownHook = new Thread(process::destroyForcibly, "registry-shutdown-" + port);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        static Instance launch() {
            Path registry = HostTools.require("docker-registry", "docker-registry");
            Path htpasswd = HostTools.require("htpasswd", "apache2-utils");
            String password = randomToken();
            Path workDir;
            String credentials;
            try {
                workDir = Files.createTempDirectory("quayside-registry-");
                credentials = bcryptEntry(htpasswd, password);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare registry files", e);
            }
            IllegalStateException lastFailure = null;
            // The free port is probed then released, so another process may grab it first: retry.
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                Instance instance = null;
                try {
                    Files.createDirectories(workDir.resolve("storage"));
                    Files.writeString(workDir.resolve("htpasswd"), credentials);
                    int port = freePort();
                    Path config = workDir.resolve("config.yml");
                    Files.writeString(config, config(port, workDir));
                    Process process = new ProcessBuilder(registry.toString(), "serve", config.toString())
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(workDir.resolve("registry.log").toFile())
                            .start();
                    instance = new Instance(process, port, password, workDir);
                    instance.awaitReady();
                    return instance;
                } catch (IOException e) {
                    lastFailure = new IllegalStateException("cannot start docker-registry", e);
                } catch (IllegalStateException e) {
                    lastFailure = e;
                }
                if (instance == null) {
                    break;
                }
                instance.kill();
                if (!instance.logTail().contains("address already in use")) {
                    break;
                }
            }
            deleteRecursively(workDir);
            throw lastFailure;
        }

        URI endpoint() {
            return URI.create("http://" + hostPort());
        }

        String hostPort() {
            return "127.0.0.1:" + port;
        }

        HttpRequest.Builder request(String path) {
            String basic = Base64.getEncoder()
                    .encodeToString((USERNAME + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HttpRequest.newBuilder(endpoint().resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + basic);
        }

        <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
            try {
                return http.send(request.build(), handler);
            } catch (IOException e) {
                throw new UncheckedIOException("registry request failed: " + request.build().uri(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private void awaitReady() {
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            HttpRequest probe = HttpRequest.newBuilder(endpoint().resolve("/v2/"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("docker-registry exited with " + process.exitValue()
                            + " during startup; log tail:\n" + logTail());
                }
                try {
                    int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 401) {
                        return;
                    }
                    throw new IllegalStateException("GET /v2/ answered " + status
                            + " instead of 401; log tail:\n" + logTail());
                } catch (IOException e) {
                    // Not listening yet.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for docker-registry", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("docker-registry did not answer 401 on " + endpoint()
                            + "/v2/ within " + STARTUP_TIMEOUT.toSeconds() + " s; log tail:\n" + logTail());
                }
                sleep(50);
            }
        }

        void stop() {
            kill();
            deleteRecursively(workDir);
        }

        private void kill() {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // JVM already shutting down; the hook does the work.
            }
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private String logTail() {
            try {
                List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
            } catch (IOException e) {
                return "(log unreadable: " + e + ")";
            }
        }

        private static String config(int port, Path workDir) {
            return String.join("\n",
                    "version: 0.1",
                    "log:",
                    "  level: info",
                    "  accesslog:",
                    "    disabled: false",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + yamlString(workDir.resolve("storage").toString()),
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    "  secret: " + yamlString(randomToken()),
                    "auth:",
                    "  htpasswd:",
                    "    realm: quayside-test-registry",
                    "    path: " + yamlString(workDir.resolve("htpasswd").toString()),
                    "");
        }

        private static String yamlString(String value) {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }

        private static String bcryptEntry(Path htpasswd, String password) throws IOException {
            // Distribution accepts only bcrypt entries.
            Process process = new ProcessBuilder(htpasswd.toString(), "-Bbn", USERNAME, password)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (process.waitFor() != 0 || !output.startsWith(USERNAME + ":$2")) {
                    throw new IllegalStateException("htpasswd -Bbn failed: " + output.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running htpasswd", e);
            }
            return output.strip() + "\n";
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for docker-registry", e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
