package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.quayside.engine.errors.QuaysideException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry that accepts the connection and then never answers, or answers a byte at a time, is given
 * up on at the request's deadline (answer included), and one that sends a huge body is refused, not
 * buffered; an upload that stops moving is given up on after the idle bound.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistryClientBoundsTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRegistryThatNeverAnswers_isGivenUpOnAtTheDeadline() throws Exception {
        start(exchange -> sleep(60_000));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).ping(java.util.List.of("app")))
                .isInstanceOf(RegistryClient.TransientException.class).hasMessageContaining("did not answer within 1 s");
        assertThat(elapsedMillis(started)).isLessThan(5_000);
    }

    @Test
    void aRegistryThatTricklesItsAnswer_isGivenUpOnAtTheDeadline() throws Exception {
        start(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('{');
                    out.flush();
                    sleep(100);
                }
            }
        });

        long started = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).ping(java.util.List.of("app")))
                .isInstanceOf(RegistryClient.TransientException.class).hasMessageContaining("did not answer within 1 s");
        assertThat(elapsedMillis(started)).isLessThan(5_000);
    }

    @Test
    void anUploadTheRegistryStopsReading_isGivenUpOnAfterTheIdleBound_notAtTheUploadsWholeBound() throws Exception {
        // Takes the request and never reads its body: once the socket buffers are full nothing moves.
        start(exchange -> sleep(60_000));
        long size = 256L << 20;
        Path blob = Files.createTempFile("stalled", ".bin");
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.setLength(size);
        }
        try {
            URI session = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/app/blobs/uploads/1");
            Descriptor descriptor = Descriptor.of("application/octet-stream", Digest.of("sha256:" + "0".repeat(64)), size);

            long started = System.nanoTime();
            // The whole upload may take 2 s plus 1 s per 512 KiB (over 8 min); a stall ends it after 2 s.
            assertThatThrownBy(() -> client(Duration.ofSeconds(2)).upload(session, "app", descriptor, BlobContent.ofFile(blob, 0, size), "layer", n -> { }))
                    .isInstanceOf(RegistryClient.TransientException.class).hasMessageContaining("sent and took nothing for 2 s");
            assertThat(elapsedMillis(started)).isLessThan(15_000);
        } finally {
            Files.delete(blob);
        }
    }

    @Test
    void aHugeAnswer_isRefused_notBuffered() throws Exception {
        start(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });

        assertThatThrownBy(() -> client(Duration.ofSeconds(10)).ping(java.util.List.of("app")))
                .isInstanceOf(QuaysideException.class).hasMessageContaining("answered with more than " + RegistryClient.MAX_RESPONSE_BYTES + " bytes");
    }

    private interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private void start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.start();
    }

    private RegistryClient client(Duration timeout) {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new RegistryClient(HttpClients.registryClient(Map.of()), endpoint, "127.0.0.1:" + server.getAddress().getPort(),
                RegistryCredentials.anonymous(), timeout);
    }

    private static long elapsedMillis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
