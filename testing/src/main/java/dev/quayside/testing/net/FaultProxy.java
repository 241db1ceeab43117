package dev.quayside.testing.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP/1.1 server that injects faults per request.
 *
 * <p>It parses request framing (head, then a Content-Length or chunked body) from client to server,
 * so rules apply to individual requests on keep-alive connections; responses are piped back raw,
 * which is enough because the clients under test do not pipeline. Each client connection gets its
 * own upstream connection. Rules fire a given number of times, first armed first, then disarm.
 */
public final class FaultProxy implements Closeable {

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger firedFaults = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean closed;

    private FaultProxy(String targetHost, int targetPort, ServerSocket server) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = server;
        AtomicInteger threadCount = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy-" + server.getLocalPort() + "-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(targetHost, targetPort, server);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open proxy port", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * The next {@code times} requests whose request line matches are answered by the proxy with
     * {@code status}, {@code Content-Length: 0} and {@code Connection: close}, without forwarding; the
     * request body is read and discarded first (unless the client expects 100-continue), so the client
     * sees the status rather than a reset.
     */
    public void failRequests(int status, int times, Predicate<String> requestLine) {
        failRequests(status, Map.of(), times, requestLine);
    }

    /** As {@link #failRequests(int, int, Predicate)}, with these response headers (e.g. {@code Retry-After}). */
    public void failRequests(int status, Map<String, String> headers, int times, Predicate<String> requestLine) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        rules.add(new Rule(Fault.FAIL, status, 0, times, requestLine, headers));
    }

    /**
     * The next {@code times} matching requests are forwarded until {@code n} bytes of their body (as
     * sent on the wire, chunk framing included) have been forwarded, or the body ends if shorter; then
     * both connections are reset (RST, not FIN).
     */
    public void resetAfterBodyBytes(long n, int times, Predicate<String> requestLine) {
        if (n < 0) {
            throw new IllegalArgumentException("negative byte count: " + n);
        }
        rules.add(new Rule(Fault.RESET, 0, n, times, requestLine, Map.of()));
    }

    /** Delays every forwarded request head by {@code d}; {@link Duration#ZERO} turns it off. */
    public void delay(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + d);
        }
        delay = d;
    }

    /** Every request line seen, failed or forwarded, in arrival order. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    public void clearLog() {
        requestLines.clear();
    }

    /** How many times any rule has fired. */
    public int firedFaults() {
        return firedFaults.get();
    }

    /** Stops listening and drops every open connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
        // The JDK defers the real close of a socket until threads blocked on it return; wait for them so
        // that the port no longer accepts once close() returns.
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + endpoint() + " -> " + targetHost + ":" + targetPort + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client = null;
            try {
                client = server.accept();
                client.setTcpNoDelay(true);
                track(client);
                Socket accepted = client;
                threads.execute(() -> new Connection(accepted).run());
            } catch (IOException e) {
                // Closed, or a transient accept failure: the loop condition decides.
            } catch (RejectedExecutionException e) {
                closeQuietly(client);
                return;
            }
        }
    }

    private void track(Socket socket) {
        sockets.add(socket);
        if (closed) {
            closeQuietly(socket);
        }
    }

    private Rule firingRule(String requestLine) {
        for (Rule rule : rules) {
            if (rule.tryFire(requestLine)) {
                firedFaults.incrementAndGet();
                return rule;
            }
        }
        return null;
    }

    private enum Fault { FAIL, RESET }

    /** An armed fault; {@code remaining} counts down to zero, after which it never matches. */
    private static final class Rule {
        private final Fault fault;
        private final int status;
        private final long resetAfter;
        private final AtomicInteger remaining;
        private final Predicate<String> requestLine;
        private final Map<String, String> headers;

        Rule(Fault fault, int status, long resetAfter, int times, Predicate<String> requestLine, Map<String, String> headers) {
            if (times < 1) {
                throw new IllegalArgumentException("times must be >= 1: " + times);
            }
            this.fault = fault;
            this.status = status;
            this.resetAfter = resetAfter;
            this.remaining = new AtomicInteger(times);
            this.requestLine = Objects.requireNonNull(requestLine, "requestLine");
            this.headers = Map.copyOf(headers);
        }

        boolean tryFire(String line) {
            return remaining.get() > 0 && requestLine.test(line)
                    && remaining.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        }
    }

    /** The head of one request: its bytes as received, and what framing its body uses. */
    private record RequestHead(byte[] raw, String requestLine, long contentLength, boolean chunked,
                               boolean expectContinue) {

        static RequestHead parse(byte[] raw) throws IOException {
            String[] lines = new String(raw, StandardCharsets.ISO_8859_1).split("\r?\n");
            long contentLength = 0;
            boolean chunked = false;
            boolean expectContinue = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = parseLength(value);
                    case "transfer-encoding" -> chunked = value.endsWith("chunked");
                    case "expect" -> expectContinue = value.equals("100-continue");
                    default -> { }
                }
            }
            // RFC 9112: chunked takes precedence over Content-Length.
            return new RequestHead(raw, lines[0], chunked ? 0 : contentLength, chunked, expectContinue);
        }

        private static long parseLength(String value) throws IOException {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + value, e);
            }
        }
    }

    /** One client connection: a request loop on this thread, a raw response pump on another. */
    private final class Connection {
        private final Socket client;
        private Socket upstream;

        Connection(Socket client) {
            this.client = client;
        }

        void run() {
            try {
                InputStream in = new BufferedInputStream(client.getInputStream(), BUFFER);
                byte[] head;
                while ((head = readHead(in)) != null) {
                    RequestHead request = RequestHead.parse(head);
                    requestLines.add(request.requestLine());
                    Rule rule = firingRule(request.requestLine());
                    if (rule != null && rule.fault == Fault.FAIL) {
                        answer(in, request, rule.status, rule.headers);
                        return;
                    }
                    sleep(delay);
                    OutputStream out = upstream().getOutputStream();
                    out.write(request.raw());
                    long limit = rule != null ? rule.resetAfter : Long.MAX_VALUE;
                    boolean complete = new BodyForwarder(in, out, limit).forward(request);
                    out.flush();
                    if (rule != null || !complete) {
                        reset();
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // Either side went away or the proxy is closing; the connection ends either way.
            } finally {
                closeAll();
            }
        }

        private Socket upstream() throws IOException {
            if (upstream == null) {
                upstream = new Socket(targetHost, targetPort);
                upstream.setTcpNoDelay(true);
                track(upstream);
                Socket from = upstream;
                try {
                    threads.execute(() -> pump(from, client));
                } catch (RejectedExecutionException e) {
                    throw new IOException("proxy closed", e);
                }
            }
            return upstream;
        }

        private void answer(InputStream in, RequestHead request, int status, Map<String, String> headers) throws IOException {
            if (!request.expectContinue()) {
                new BodyForwarder(in, OutputStream.nullOutputStream(), Long.MAX_VALUE).forward(request);
            }
            OutputStream out = client.getOutputStream();
            StringBuilder extra = new StringBuilder();
            headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
            out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\n" + extra
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            client.shutdownOutput();
            // Closing with unread input would send RST, which can destroy the response at the client.
            client.setSoTimeout(1000);
            in.transferTo(OutputStream.nullOutputStream());
        }

        private void reset() {
            for (Socket socket : new Socket[] {client, upstream}) {
                if (socket != null) {
                    try {
                        socket.setSoLinger(true, 0);
                    } catch (IOException e) {
                        // Already closed.
                    }
                    closeQuietly(socket);
                }
            }
        }

        private void closeAll() {
            closeQuietly(client);
            sockets.remove(client);
            if (upstream != null) {
                closeQuietly(upstream);
                sockets.remove(upstream);
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // Reset or closed by the other direction.
            } finally {
                // The server closed: so does the proxy, which also ends the request loop.
                closeQuietly(to);
                closeQuietly(from);
            }
        }
    }

    /** Copies one request body, decoding only its framing, up to a byte limit. */
    private static final class BodyForwarder {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private long budget;

        BodyForwarder(InputStream in, OutputStream out, long limit) {
            this.in = in;
            this.out = out;
            this.budget = limit;
        }

        /** Returns false if the limit stopped the body short. */
        boolean forward(RequestHead request) throws IOException {
            if (!request.chunked()) {
                return copy(request.contentLength());
            }
            while (true) {
                byte[] sizeLine = readLine(in);
                if (!write(sizeLine)) {
                    return false;
                }
                long size = chunkSize(sizeLine);
                if (size == 0) {
                    break;
                }
                if (!copy(size) || !write(readLine(in))) {
                    return false;
                }
            }
            // Trailer section, ended by an empty line.
            while (true) {
                byte[] line = readLine(in);
                if (!write(line)) {
                    return false;
                }
                if (line.length <= 2) {
                    return true;
                }
            }
        }

        private boolean copy(long length) throws IOException {
            for (long left = length; left > 0; ) {
                if (budget == 0) {
                    return false;
                }
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(left, budget)));
                if (n < 0) {
                    throw new EOFException("client closed mid-body");
                }
                out.write(buffer, 0, n);
                left -= n;
                budget -= n;
            }
            return true;
        }

        private boolean write(byte[] bytes) throws IOException {
            int n = (int) Math.min(bytes.length, budget);
            out.write(bytes, 0, n);
            budget -= n;
            return n == bytes.length;
        }

        private static long chunkSize(byte[] line) throws IOException {
            String text = new String(line, StandardCharsets.ISO_8859_1).trim();
            int extension = text.indexOf(';');
            try {
                return Long.parseLong(extension < 0 ? text : text.substring(0, extension).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: " + text, e);
            }
        }
    }

    /** Reads a request head through its blank line, or returns null on a clean EOF before it. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readLine(in);
            if (line.length == 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request head");
            }
            // Tolerate stray CRLFs between requests (RFC 9112 section 2.2).
            if (head.size() == 0 && line.length <= 2 && (line[0] == '\r' || line[0] == '\n')) {
                continue;
            }
            head.write(line);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("request head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (line.length <= 2 && (line[0] == '\r' || line[0] == '\n')) {
                return head.toByteArray();
            }
        }
    }

    /** One line including its terminator; empty only at EOF. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b; (b = in.read()) >= 0; ) {
            line.write(b);
            if (b == '\n') {
                break;
            }
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("line longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return line.toByteArray();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Injected Fault";
        };
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Nothing useful to do while tearing down.
        }
    }
}
