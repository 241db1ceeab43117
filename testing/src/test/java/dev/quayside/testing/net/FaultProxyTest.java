package dev.quayside.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    private HttpServer server;
    private ExecutorService serverThreads;
    private FaultProxy proxy;
    private HttpClient http;
    private final AtomicInteger completedBodies = new AtomicInteger();

    @BeforeEach
    void startServerAndProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Echoes method, body length and body digest, plus the upstream connection's client port.
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            completedBodies.incrementAndGet();
            byte[] answer = (exchange.getRequestMethod() + " " + body.length + " " + sha256(body))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Upstream-Port", String.valueOf(exchange.getRemoteAddress().getPort()));
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.start();
        proxy = FaultProxy.start("127.0.0.1", server.getAddress().getPort());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void forward_passesKeepAliveRequestsThroughUntouched() throws Exception {
        byte[] body = random(200 * 1024);

        HttpResponse<String> get = send("GET", "/echo?1", null);
        HttpResponse<String> put = send("PUT", "/echo?2", body);
        HttpResponse<String> post = send("POST", "/echo?3", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(get.body()).isEqualTo("GET 0 " + sha256(new byte[0]));
        assertThat(put.body()).isEqualTo("PUT " + body.length + " " + sha256(body));
        assertThat(post.body()).isEqualTo("POST 5 " + sha256("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(List.of(get, put, post)).extracting(r -> r.headers().firstValue("X-Upstream-Port").orElseThrow())
                .as("one upstream connection for the keep-alive client connection").containsOnly(upstreamPort(get));
        assertThat(proxy.requestLines())
                .containsExactly("GET /echo?1 HTTP/1.1", "PUT /echo?2 HTTP/1.1", "POST /echo?3 HTTP/1.1");
        assertThat(proxy.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + proxy.port()));
    }

    @Test
    void failRequests_answersMatchingRequestWithStatusOnceThenForwards() throws Exception {
        proxy.failRequests(503, 1, line -> line.startsWith("PUT "));
        byte[] body = random(100 * 1024);

        HttpResponse<String> get = send("GET", "/echo", null);
        HttpResponse<String> failed = send("PUT", "/echo", body);
        int bodiesAfterFailure = completedBodies.get();
        HttpResponse<String> retried = send("PUT", "/echo", body);

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).isEmpty();
        assertThat(failed.headers().firstValue("Connection")).contains("close");
        assertThat(bodiesAfterFailure).as("failed request never reached the server").isEqualTo(1);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo("PUT " + body.length + " " + sha256(body));
        assertThat(proxy.firedFaults()).isEqualTo(1);
        assertThat(proxy.requestLines()).containsExactly("GET /echo HTTP/1.1", "PUT /echo HTTP/1.1", "PUT /echo HTTP/1.1");
    }

    @Test
    void resetAfterBodyBytes_makesTheClientSeeAResetMidUpload() throws Exception {
        proxy.resetAfterBodyBytes(64 * 1024, 1, line -> line.contains("/echo?upload"));
        byte[] body = random(4 * 1024 * 1024);

        assertThatThrownBy(() -> send("PUT", "/echo?upload", body)).isInstanceOf(IOException.class);
        HttpResponse<String> retried = send("PUT", "/echo?upload", body);

        assertThat(retried.body()).isEqualTo("PUT " + body.length + " " + sha256(body));
        assertThat(completedBodies.get()).as("the reset upload never completed").isEqualTo(1);
        assertThat(proxy.firedFaults()).isEqualTo(1);
    }

    @Test
    void chunkedBodies_areFramedPerRequestOnAKeepAliveConnection() throws Exception {
        byte[] body = random(300 * 1024 + 7);

        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/echo?chunked"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> next = send("GET", "/echo?next", null);

        assertThat(chunked.body()).isEqualTo("PUT " + body.length + " " + sha256(body));
        assertThat(next.body()).startsWith("GET 0 ");
        assertThat(upstreamPort(next)).isEqualTo(upstreamPort(chunked));
        assertThat(proxy.requestLines()).containsExactly("PUT /echo?chunked HTTP/1.1", "GET /echo?next HTTP/1.1");
    }

    @Test
    void chunkedBodies_withExtensionsAndOddSizesAreForwardedOnARawConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /echo?raw1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n" + "1\r\n \r\n" + "5\r\nworld\r\n" + "0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String first = readResponse(in);
            out.write("PUT /echo?raw2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String second = readResponse(in);

            assertThat(first).isEqualTo("POST 11 " + sha256("hello world".getBytes(StandardCharsets.UTF_8)));
            assertThat(second).isEqualTo("PUT 3 " + sha256("abc".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(proxy.requestLines()).containsExactly("POST /echo?raw1 HTTP/1.1", "PUT /echo?raw2 HTTP/1.1");
    }

    @Test
    void delay_holdsEachForwardedRequestUntilReset() throws Exception {
        proxy.delay(Duration.ofMillis(300));
        long start = System.nanoTime();
        send("GET", "/echo", null);
        Duration delayed = Duration.ofNanos(System.nanoTime() - start);
        proxy.delay(Duration.ZERO);

        HttpResponse<String> undelayed = send("GET", "/echo", null);

        assertThat(delayed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(undelayed.statusCode()).isEqualTo(200);
    }

    @Test
    void clearLog_forgetsRequestLinesButNotFiredFaults() throws Exception {
        proxy.failRequests(500, 2, line -> true);
        send("GET", "/echo?a", null);
        proxy.clearLog();
        HttpResponse<String> second = send("GET", "/echo?b", null);
        HttpResponse<String> third = send("GET", "/echo?c", null);

        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(proxy.requestLines()).containsExactly("GET /echo?b HTTP/1.1", "GET /echo?c HTTP/1.1");
        assertThat(proxy.firedFaults()).isEqualTo(2);
    }

    @Test
    void close_dropsOpenConnectionsAndReleasesThePort() throws Exception {
        int port = proxy.port();
        try (Socket open = new Socket("127.0.0.1", port)) {
            open.setSoTimeout(5000);
            open.getOutputStream().write("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(open.getInputStream())).startsWith("GET 0 ");

            proxy.close();

            assertThat(readOrReset(open.getInputStream())).isEqualTo(-1);
        }
        // Probing with a connect could self-connect on Linux; binding the port proves the listener is gone.
        try (ServerSocket rebound = new ServerSocket()) {
            rebound.setReuseAddress(true);
            rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return http.send(HttpRequest.newBuilder(proxy.endpoint().resolve(path)).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int readOrReset(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String upstreamPort(HttpResponse<?> response) {
        return response.headers().firstValue("X-Upstream-Port").orElseThrow();
    }

    /** Reads one response with a Content-Length body and returns the body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in response head: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        assertThat(headers).startsWith("HTTP/1.1 200");
        int length = headers.lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst().orElseThrow();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
