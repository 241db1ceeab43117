package dev.quayside.testing.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process AWS endpoint speaking the JSON 1.1 protocol, for SDK clients
 * ({@code endpointOverride(sim.endpoint())}) and the AWS CLI ({@code --endpoint-url}).
 *
 * <p>Requests are routed by {@code X-Amz-Target} prefix to registered {@link AwsService}s; ECR is
 * always registered. Signatures are not verified, but the SigV4 credential scope supplies the
 * region and access key id that the {@linkplain #requests() journal} records.
 */
public final class AwsSimulator implements AutoCloseable {

    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";
    /** The subnet {@link #bootstrapService} puts its service's tasks in. */
    public static final String BOOTSTRAP_SUBNET = "subnet-0123456789abcdef0";

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/,\\s]+)/[^/,\\s]+/aws4_request");
    private static final int THREADS = 4;
    private static final List<String> READ_PREFIXES = List.of("Describe", "List", "Get", "BatchGet");

    static {
        // Without TCP_NODELAY the JDK server sends the body only after the client's delayed ACK of
        // the headers: 40 ms per call. Read once per JVM, when the first HttpServer is created.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private final AwsContext context;
    private final List<AwsService> services;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> journal = new ArrayList<>();
    private final Map<String, Fault> faults = new HashMap<>();
    private final Map<String, Duration> hangs = new HashMap<>();
    private final AtomicInteger hanging = new AtomicInteger();
    private final StsSimulator sts;

    private record Fault(AwsError error, int remaining) {
    }

    private AwsSimulator(AwsContext context, List<AwsService> services, int port) {
        this.context = context;
        this.services = List.copyOf(services);
        this.sts = new StsSimulator(context.clock(), context.accountId());
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the AWS simulator to 127.0.0.1:" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "aws-simulator-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** A simulator for account {@value #DEFAULT_ACCOUNT_ID} on the system UTC clock, started. */
    public static AwsSimulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URI to hand to SDK clients and the CLI, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String accountId() {
        return context.accountId();
    }

    public EcrSimulator ecr() {
        return service(EcrSimulator.class);
    }

    /**
     * A running service to release to, as a platform team would have set it up: the cluster, a first task
     * definition revision (a public image) and the service with two tasks and the circuit breaker with
     * rollback. Its first deployment completes in simulated time like any other.
     */
    public void bootstrapService(String region, String cluster, String service) {
        String ecs = EcsTaskDefinitions.TARGET_PREFIX;
        ecsServices().handle(new AwsRequest(ecs, "CreateCluster", region, "bootstrap", AwsJson.object().put("clusterName", cluster)));
        ObjectNode td = AwsJson.object().put("family", service).put("networkMode", "awsvpc").put("cpu", "256").put("memory", "512");
        td.putArray("requiresCompatibilities").add("FARGATE");
        td.putArray("containerDefinitions").addObject().put("name", service).put("image", "public.ecr.aws/docker/library/busybox:1.36").put("essential", true);
        String arn = ecsTaskDefinitions().handle(new AwsRequest(ecs, "RegisterTaskDefinition", region, "bootstrap", td))
                .path("taskDefinition").path("taskDefinitionArn").asText();
        ObjectNode create = AwsJson.object().put("cluster", cluster).put("serviceName", service).put("taskDefinition", arn)
                .put("desiredCount", 2).put("launchType", "FARGATE");
        create.putObject("deploymentConfiguration").putObject("deploymentCircuitBreaker").put("enable", true).put("rollback", true);
        create.putObject("networkConfiguration").putObject("awsvpcConfiguration").putArray("subnets").add(BOOTSTRAP_SUBNET);
        ecsServices().handle(new AwsRequest(ecs, "CreateService", region, "bootstrap", create));
    }

    /**
     * Creates the cluster (as CreateCluster does, outside the journal) with these capacity providers
     * (FARGATE, FARGATE_SPOT) and no default strategy; an existing cluster of that name must match.
     */
    public void createCluster(String region, String cluster, String... capacityProviders) {
        createCluster(region, cluster, List.of(capacityProviders), List.of());
    }

    /** Creates the cluster with these capacity providers and this default capacity provider strategy. */
    public void createCluster(String region, String cluster, List<String> capacityProviders,
            List<EcsServices.StrategyItem> defaultStrategy) {
        ObjectNode create = AwsJson.object().put("clusterName", cluster);
        capacityProviders.forEach(create.putArray("capacityProviders")::add);
        ArrayNode strategy = create.putArray("defaultCapacityProviderStrategy");
        for (EcsServices.StrategyItem item : defaultStrategy) {
            strategy.addObject().put("capacityProvider", item.capacityProvider()).put("weight", item.weight())
                    .put("base", item.base());
        }
        ecsServices().handle(new AwsRequest(EcsTaskDefinitions.TARGET_PREFIX, "CreateCluster", region, "bootstrap", create));
    }

    public EcsTaskDefinitions ecsTaskDefinitions() {
        return service(EcsTaskDefinitions.class);
    }

    public EcsServices ecsServices() {
        return service(EcsServices.class);
    }

    public LogsSimulator logs() {
        return service(LogsSimulator.class);
    }

    /** The registered service of the given type. */
    public <S extends AwsService> S service(Class<S> type) {
        return services.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " registered"));
    }

    /** Every request received since start or the last {@link #clearJournal()}, oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /** The journal's requests for one operation name (of any service), oldest first. */
    public List<RecordedRequest> requests(String operation) {
        return requests().stream().filter(r -> operation.equals(r.operation())).toList();
    }

    /**
     * The journal's requests that could have changed something, oldest first: every operation but the
     * reads (Describe*, List*, Get*, BatchGet*) and STS's (AssumeRole changes no resource), whether it
     * succeeded or not. For tests that a dry run or a pre-flight only looked.
     */
    public List<RecordedRequest> mutatingCalls() {
        return requests().stream()
                .filter(r -> r.operation() != null && !isRead(r.operation())
                        && !StsSimulator.TARGET_PREFIX.equals(r.targetPrefix()))
                .toList();
    }

    /** Whether the operation only reads, by the AWS naming convention. */
    public static boolean isRead(String operation) {
        return READ_PREFIXES.stream().anyMatch(prefix -> operation.startsWith(prefix)
                && operation.length() > prefix.length() && Character.isUpperCase(operation.charAt(prefix.length())));
    }

    public void clearJournal() {
        synchronized (journal) {
            journal.clear();
        }
    }

    /**
     * Holds the answer to the next call of {@code operation} for {@code duration} of real time (a hung
     * endpoint): for tests that a caller gives up, or is stopped, while a call is in flight.
     */
    public void hangNext(String operation, Duration duration) {
        synchronized (hangs) {
            hangs.put(operation, duration);
        }
    }

    /** How many calls are being held by {@link #hangNext} right now. */
    public int hangingCalls() {
        return hanging.get();
    }

    /**
     * Makes the next {@code times} calls to {@code operation} (of any service) answer with this error
     * instead of being handled. SDKs and the CLI retry throttling and 5xx errors by themselves, so a
     * throttled call fails only after as many faults as the client makes attempts.
     */
    public void failNext(String operation, String errorCode, String message, int httpStatus, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        synchronized (faults) {
            faults.put(operation, new Fault(new AwsError(errorCode, message, httpStatus), times));
        }
    }

    /** Stops the server; idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Optional<AwsError> takeFault(String operation) {
        synchronized (faults) {
            Fault fault = faults.get(operation);
            if (fault == null) {
                return Optional.empty();
            }
            if (fault.remaining() > 1) {
                faults.put(operation, new Fault(fault.error(), fault.remaining() - 1));
            } else {
                faults.remove(operation);
            }
            return Optional.of(fault.error());
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant receivedAt = context.clock().instant();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int dot = target == null ? -1 : target.lastIndexOf('.');
            String prefix = dot < 0 ? null : target.substring(0, dot);
            String operation = dot < 0 ? null : target.substring(dot + 1);
            String region = DEFAULT_REGION;
            String accessKeyId = null;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher credential = CREDENTIAL.matcher(authorization == null ? "" : authorization);
            if (credential.find()) {
                accessKeyId = credential.group(1);
                region = credential.group(2);
            }
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (target == null && isForm(exchange)) {
                queryProtocol(exchange, receivedAt, region, accessKeyId, text);
                return;
            }
            hang(operation);
            Optional<JsonNode> body = parse(text);

            ObjectNode response;
            AwsError error = null;
            try {
                AwsService service = route(prefix, operation)
                        .orElseThrow(() -> AwsError.unknownOperation(Objects.toString(target, "(no X-Amz-Target)")));
                Optional<AwsError> fault = takeFault(operation);
                if (fault.isPresent()) {
                    throw fault.get();
                }
                JsonNode input = body.orElseThrow(() -> AwsError.serialization("The request body is not a JSON object"));
                response = service.handle(new AwsRequest(prefix, operation, region, accessKeyId, input));
            } catch (AwsError e) {
                error = e;
                response = null;
            } catch (RuntimeException e) {
                error = new AwsError("InternalFailure", "The simulator failed: " + e, 500);
                response = null;
            }
            int status = error == null ? 200 : error.httpStatus();
            JsonNode recordedBody = body.isPresent() ? body.get().deepCopy() : TextNode.valueOf(text);
            RecordedRequest recorded = new RecordedRequest(receivedAt, prefix, operation, region, accessKeyId,
                    recordedBody, status, error == null ? null : error.code());
            synchronized (journal) {
                journal.add(recorded);
            }
            respond(exchange, status, error, response);
        }
    }

    private void hang(String operation) {
        Duration duration;
        synchronized (hangs) {
            duration = hangs.remove(operation);
        }
        if (duration != null) {
            hanging.incrementAndGet();
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hanging.decrementAndGet();
            }
        }
    }

    private static boolean isForm(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type != null && type.startsWith("application/x-www-form-urlencoded");
    }

    /** STS (query protocol: form parameters in, XML out), recorded in the journal with the parameters as its body. */
    private void queryProtocol(HttpExchange exchange, Instant receivedAt, String region, String accessKeyId, String text) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String operation = params.getOrDefault("Action", "");
        String xml;
        AwsError error = null;
        try {
            Optional<AwsError> fault = takeFault(operation);
            if (fault.isPresent()) {
                throw fault.get();
            }
            xml = sts.handle(params);
        } catch (AwsError e) {
            error = e;
            xml = StsSimulator.errorXml(e);
        }
        ObjectNode recordedBody = AwsJson.object();
        params.forEach(recordedBody::put);
        synchronized (journal) {
            journal.add(new RecordedRequest(receivedAt, StsSimulator.TARGET_PREFIX, operation, region, accessKeyId, recordedBody,
                    error == null ? 200 : error.httpStatus(), error == null ? null : error.code()));
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(error == null ? 200 : error.httpStatus(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The service that claims the operation, else the one of that prefix that takes all the others. */
    private Optional<AwsService> route(String prefix, String operation) {
        if (prefix == null) {
            return Optional.empty();
        }
        Optional<AwsService> claimed = services.stream()
                .filter(s -> s.targetPrefix().equals(prefix) && s.operations().contains(operation)).findFirst();
        return claimed.isPresent() ? claimed
                : services.stream().filter(s -> s.targetPrefix().equals(prefix) && s.operations().isEmpty()).findFirst();
    }

    /** The body as a JSON object; an empty body counts as {@code {}} (the SDKs send {@code {}} for no input). */
    private static Optional<JsonNode> parse(String text) {
        if (text.isBlank()) {
            return Optional.of(AwsJson.object());
        }
        try {
            JsonNode node = AwsJson.MAPPER.readTree(text);
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static void respond(HttpExchange exchange, int status, AwsError error, ObjectNode response)
            throws IOException {
        ObjectNode body = response;
        if (error != null) {
            body = AwsJson.object().put("__type", error.code()).put("message", error.getMessage());
            exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code());
        }
        byte[] bytes = AwsJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Configures and starts a simulator. */
    public static final class Builder {

        private String accountId = DEFAULT_ACCOUNT_ID;
        private Clock clock = Clock.systemUTC();
        private int port;
        private final List<Function<AwsContext, ? extends AwsService>> extraServices = new ArrayList<>();

        private Builder() {
        }

        public Builder accountId(String accountId) {
            if (!accountId.matches("[0-9]{12}")) {
                throw new IllegalArgumentException("an AWS account id has 12 digits: " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /** The clock for every timestamp the simulator hands out (creation, expiry, push times). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The loopback port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Registers a further service, created with the simulator's account and clock. */
        public Builder service(Function<AwsContext, ? extends AwsService> factory) {
            extraServices.add(Objects.requireNonNull(factory));
            return this;
        }

        public AwsSimulator start() {
            AwsContext context = new AwsContext(accountId, clock);
            List<AwsService> all = new ArrayList<>();
            EcrSimulator ecr = new EcrSimulator(context);
            all.add(ecr);
            EcsTaskDefinitions taskDefinitions = new EcsTaskDefinitions(context);
            all.add(taskDefinitions);
            EcsServices ecsServices = new EcsServices(context, taskDefinitions);
            // AUTO decides pullability by the registry this ECR fronts.
            ecsServices.ecr(ecr);
            all.add(ecsServices);
            LogsSimulator logs = new LogsSimulator(context);
            // Tasks write their awslogs streams; reading the streams first lets ECS catch up with the clock.
            ecsServices.logs(logs);
            logs.beforeRead(ecsServices::catchUp);
            all.add(logs);
            extraServices.forEach(factory -> all.add(factory.apply(context)));
            for (AwsService service : all) {
                for (AwsService other : all) {
                    if (service != other && service.targetPrefix().equals(other.targetPrefix())
                            && (service.operations().isEmpty() && other.operations().isEmpty()
                                || service.operations().stream().anyMatch(other.operations()::contains))) {
                        throw new IllegalArgumentException("two services answer the same operations of " + service.targetPrefix());
                    }
                }
            }
            return new AwsSimulator(context, all, port);
        }
    }
}
