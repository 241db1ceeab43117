import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The build's training run for the CLI's start-up archive (cli/pom.xml), run as a source file:
 * {@code java Training.java WORKDIR JAVA JAR [JVM-OPTION...]}. It writes a 4-layer, 64 MiB OCI image,
 * answers the calls of a push on a loopback port, and runs {@code quayside push} of that image to it in
 * a child JVM with the options given (the ones that record the archive). So the archive holds what a
 * push that succeeds loads and, on Java 25, the profiles of its transfer loop. It stores nothing and
 * checks nothing: it is no registry, only the other end of a training run. Exits with the push's code.
 */
public final class Training {
    private static final int LAYERS = 4;
    private static final int LAYER_BYTES = 16 << 20;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: java Training.java WORKDIR JAVA JAR [JVM-OPTION...]");
        }
        Path work = Files.createDirectories(Path.of(args[0]));
        Path image = writeImage(work.resolve("training-image"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService threads = Executors.newFixedThreadPool(LAYERS + 2);
        server.setExecutor(threads);
        server.createContext("/v2/", Training::answer);
        server.start();
        int code;
        try {
            List<String> command = new ArrayList<>();
            command.add(args[1]);
            command.addAll(List.of(args).subList(3, args.length));
            command.addAll(List.of("-jar", args[2], "push", "--quiet", "oci:" + image + ":training",
                    "127.0.0.1:" + server.getAddress().getPort() + "/training:1"));
            Process push = new ProcessBuilder(command).inheritIO().start();
            if (!push.waitFor(5, TimeUnit.MINUTES)) {
                push.destroyForcibly();
                throw new IllegalStateException("the training push did not end in 5 minutes: " + command);
            }
            code = push.exitValue();
        } finally {
            server.stop(0);
            threads.shutdownNow();
            deleteTree(image);
        }
        System.exit(code);
    }

    /** The calls of a push to a registry that has nothing yet: every blob uploaded, the manifest put. */
    private static void answer(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            // Layers are read and dropped; only a manifest is kept, for its digest.
            byte[] body = path.contains("/manifests/") ? x.getRequestBody().readNBytes(1 << 20) : new byte[0];
            x.getRequestBody().transferTo(OutputStream.nullOutputStream());
            if (method.equals("GET") && path.equals("/v2/")) {
                send(x, 200, "{}");
            } else if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
                x.getResponseHeaders().set("Location", path + UUID.randomUUID());
                send(x, 202, "");
            } else if (method.equals("PATCH") && path.contains("/blobs/uploads/")) {
                x.getResponseHeaders().set("Location", path);
                send(x, 202, "");
            } else if (method.equals("PUT") && path.contains("/blobs/uploads/")) {
                send(x, 201, "");
            } else if (method.equals("PUT") && path.contains("/manifests/")) {
                x.getResponseHeaders().set("Docker-Content-Digest", "sha256:" + sha256(body));
                send(x, 201, "");
            } else {
                send(x, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"unknown\"}]}");
            }
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        if (bytes.length == 0 || x.getRequestMethod().equals("HEAD")) {
            x.sendResponseHeaders(status, -1);
        } else {
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
        }
    }

    /** An OCI layout of LAYERS incompressible layers, a config and a manifest tagged "training". */
    private static Path writeImage(Path dir) throws IOException, NoSuchAlgorithmException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        SplittableRandom random = new SplittableRandom(14);
        StringBuilder layers = new StringBuilder();
        StringBuilder diffIds = new StringBuilder();
        byte[] layer = new byte[LAYER_BYTES];
        for (int i = 0; i < LAYERS; i++) {
            random.nextBytes(layer);
            String digest = blob(blobs, layer);
            layers.append(i == 0 ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar", digest, layer.length));
            diffIds.append(i == 0 ? "" : ",").append('"').append(digest).append('"');
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", blob(blobs, config), config.length)
                + ",\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(blobs, manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"training\"}}]}");
        return dir;
    }

    private static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static String blob(Path blobs, byte[] content) throws IOException, NoSuchAlgorithmException {
        String hex = sha256(content);
        Files.write(blobs.resolve(hex), content);
        return "sha256:" + hex;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
