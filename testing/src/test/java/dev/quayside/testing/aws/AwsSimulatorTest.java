package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsSimulatorTest {

    private static final String ECHO = "Echo_20250101";
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00.250Z");

    /** Answers Echo with its input plus what the simulator passed in, and fails on Boom. */
    private record EchoService(AwsContext context) implements AwsService {

        @Override
        public String targetPrefix() {
            return ECHO;
        }

        @Override
        public ObjectNode handle(AwsRequest request) {
            return switch (request.operation()) {
                case "Echo" -> AwsJson.object()
                        .put("name", request.requiredString("name"))
                        .put("region", request.region())
                        .put("account", context.accountId())
                        .put("at", AwsJson.epochSeconds(context.clock().instant()));
                case "Boom" -> throw new IllegalStateException("kaput");
                default -> throw AwsError.unknownOperation(ECHO + "." + request.operation());
            };
        }
    }

    private AwsSimulator sim;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder()
                .accountId("210987654321")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .service(EchoService::new)
                .start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void endpoint_isLoopbackHttpOnARandomPort() {
        assertThat(sim.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        try (AwsSimulator other = AwsSimulator.start()) {
            assertThat(other.endpoint()).isNotEqualTo(sim.endpoint());
        }
    }

    @Test
    void routesByTargetPrefix_andAnswersInJson11() {
        Wire.Response response = Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":\"x\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(response.header("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
        assertThat(response.header("x-amzn-ErrorType")).isNull();
        assertThat(response.text()).isEqualTo(
                "{\"name\":\"x\",\"region\":\"us-east-1\",\"account\":\"210987654321\",\"at\":1735689600.25}");
    }

    @Test
    void requestIds_differPerResponse() {
        String first = Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":\"x\"}").header("x-amzn-RequestId");
        String second = Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":\"x\"}").header("x-amzn-RequestId");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void errors_carryTypeHeaderAndBody() {
        Wire.Response response = Wire.post(sim.endpoint(), ECHO + ".Echo", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("InvalidParameterException");
        assertThat(response.json().get("__type").asText()).isEqualTo("InvalidParameterException");
        assertThat(response.json().get("message").asText())
                .isEqualTo("Invalid parameter at 'name' failed to satisfy constraint: 'Member must not be null'");
    }

    @Test
    void unknownTargets_areUnknownOperations() {
        assertThat(Wire.post(sim.endpoint(), "Nope_20200101.Echo", "{}").json().get("__type").asText())
                .isEqualTo("UnknownOperationException");
        assertThat(Wire.post(sim.endpoint(), ECHO + ".Nope", "{}").json().get("__type").asText())
                .isEqualTo("UnknownOperationException");
        Wire.Response missing = Wire.post(sim.endpoint(), null, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.header("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
    }

    @Test
    void malformedBodies_areSerializationErrors() {
        for (String body : new String[] {"{not json", "[1]", "{} {}"}) {
            Wire.Response response = Wire.post(sim.endpoint(), ECHO + ".Echo", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.header("x-amzn-ErrorType")).as(body).isEqualTo("SerializationException");
        }
        assertThat(Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":7}").header("x-amzn-ErrorType"))
                .isEqualTo("SerializationException");
    }

    @Test
    void handlerFailures_areInternalFailures() {
        Wire.Response response = Wire.post(sim.endpoint(), ECHO + ".Boom", "{}");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("InternalFailure");
        assertThat(response.json().get("message").asText()).contains("kaput");
    }

    @Test
    void journal_recordsOperationRegionKeyAndBody() {
        Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":\"x\"}",
                "AWS4-HMAC-SHA256 Credential=AKIDJOURNAL/20250101/eu-central-1/echo/aws4_request, "
                        + "SignedHeaders=host, Signature=ff");
        Wire.post(sim.endpoint(), ECHO + ".Echo", "{}");

        assertThat(sim.requests()).hasSize(2);
        RecordedRequest first = sim.requests("Echo").get(0);
        assertThat(first.targetPrefix()).isEqualTo(ECHO);
        assertThat(first.operation()).isEqualTo("Echo");
        assertThat(first.region()).isEqualTo("eu-central-1");
        assertThat(first.accessKeyId()).isEqualTo("AKIDJOURNAL");
        assertThat(first.body().get("name").asText()).isEqualTo("x");
        assertThat(first.receivedAt()).isEqualTo(NOW);
        assertThat(first.succeeded()).isTrue();
        RecordedRequest second = sim.requests().get(1);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.errorCode()).isEqualTo("InvalidParameterException");
        assertThat(sim.requests("Other")).isEmpty();

        sim.clearJournal();
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void unsignedRequests_useTheDefaultRegion() {
        Wire.post(sim.endpoint(), ECHO + ".Echo", "", null);

        RecordedRequest recorded = sim.requests().get(0);
        assertThat(recorded.region()).isEqualTo("us-east-1");
        assertThat(recorded.accessKeyId()).isNull();
        assertThat(recorded.body().isObject()).isTrue();
    }

    @Test
    void journal_keepsUnparseableBodiesAsText() {
        Wire.post(sim.endpoint(), ECHO + ".Echo", "{not json");

        assertThat(sim.requests().get(0).body().asText()).isEqualTo("{not json");
    }

    @Test
    void failNext_failsTheGivenNumberOfCallsThenRecovers() {
        sim.failNext("Echo", "ThrottlingException", "Rate exceeded", 400, 2);

        for (int i = 0; i < 2; i++) {
            Wire.Response throttled = Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":\"x\"}");
            assertThat(throttled.status()).isEqualTo(400);
            assertThat(throttled.header("x-amzn-ErrorType")).isEqualTo("ThrottlingException");
            assertThat(throttled.json().get("message").asText()).isEqualTo("Rate exceeded");
        }
        assertThat(Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":\"x\"}").status()).isEqualTo(200);
        assertThat(sim.requests("Echo")).extracting(RecordedRequest::errorCode)
                .containsExactly("ThrottlingException", "ThrottlingException", null);
    }

    @Test
    void failNext_onlyAffectsTheNamedOperation() {
        sim.failNext("Boom", "ServiceUnavailableException", "down", 503, 1);

        assertThat(Wire.post(sim.endpoint(), ECHO + ".Echo", "{\"name\":\"x\"}").status()).isEqualTo(200);
        assertThat(Wire.post(sim.endpoint(), ECHO + ".Boom", "{}").status()).isEqualTo(503);
    }

    @Test
    void service_findsRegisteredServicesByType() {
        assertThat(sim.service(EchoService.class).context().accountId()).isEqualTo("210987654321");
        assertThat(sim.ecr()).isSameAs(sim.service(EcrSimulator.class));
        assertThat(sim.accountId()).isEqualTo("210987654321");
    }

    @Test
    void builder_refusesTwoServicesForOnePrefix() {
        AwsSimulator.Builder builder = AwsSimulator.builder().service(EchoService::new).service(EchoService::new);
        assertThatThrownBy(builder::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ECHO);
    }

    @Test
    void builder_refusesMalformedAccountIds() {
        assertThatThrownBy(() -> AwsSimulator.builder().accountId("1234"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void epochSeconds_areFractionalOnlyWhenNeeded() {
        assertThat(AwsJson.epochSeconds(Instant.parse("2025-01-01T00:00:00Z")).toPlainString())
                .isEqualTo("1735689600");
        assertThat(AwsJson.epochSeconds(Instant.parse("2025-01-01T00:00:00.120Z")).toPlainString())
                .isEqualTo("1735689600.12");
    }
}
