package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogsSimulatorTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00.250Z");

    private AwsSimulator sim;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Wire.Response call(String operation, String body) {
        return Wire.post(sim.endpoint(), LogsSimulator.TARGET_PREFIX + "." + operation, body);
    }

    private void create(String name) {
        Wire.Response response = call("CreateLogGroup", "{\"logGroupName\":\"" + name + "\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    private List<String> describedNames(String body) {
        return call("DescribeLogGroups", body).json().get("logGroups").findValuesAsText("logGroupName");
    }

    private static void assertError(Wire.Response response, String code, String message) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo(code);
        assertThat(response.json().get("__type").asText()).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isEqualTo(message);
    }

    @Test
    void createLogGroup_answersAnEmptyObject_andDescribeShowsTheGroup() {
        Wire.Response created = call("CreateLogGroup", "{\"logGroupName\":\"/ecs/myapp\"}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.text()).isEqualTo("{}");
        assertThat(call("DescribeLogGroups", "{}").text()).isEqualTo("{\"logGroups\":[{"
                + "\"logGroupName\":\"/ecs/myapp\","
                + "\"creationTime\":1735689600250,"
                + "\"metricFilterCount\":0,"
                + "\"arn\":\"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/myapp:*\","
                + "\"storedBytes\":0,"
                + "\"logGroupClass\":\"STANDARD\","
                + "\"logGroupArn\":\"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/myapp\"}]}");
        assertThat(sim.logs().logGroups()).containsExactly("/ecs/myapp");
    }

    @Test
    void createLogGroup_keepsKmsKeyAndClass() {
        call("CreateLogGroup", """
                {"logGroupName":"audit","kmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/k",
                 "logGroupClass":"INFREQUENT_ACCESS","tags":{"team":"core"}}""");

        JsonNode group = call("DescribeLogGroups", "{}").json().get("logGroups").get(0);
        assertThat(group.get("kmsKeyId").asText()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/k");
        assertThat(group.get("logGroupClass").asText()).isEqualTo("INFREQUENT_ACCESS");
        assertThat(describedNames("{\"logGroupClass\":\"STANDARD\"}")).isEmpty();
    }

    @Test
    void createLogGroup_refusesAnExistingName() {
        create("/ecs/myapp");

        assertError(call("CreateLogGroup", "{\"logGroupName\":\"/ecs/myapp\"}"), "ResourceAlreadyExistsException",
                "The specified log group already exists");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my group", "logs:app", "caf\u00e9", "a*b"})
    void createLogGroup_refusesNamesOutsideThePattern(String name) {
        assertError(call("CreateLogGroup", "{\"logGroupName\":\"" + name + "\"}"), "InvalidParameterException",
                "Invalid parameter at 'logGroupName' failed to satisfy constraint:"
                        + " 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+'");
        assertThat(sim.logs().logGroups()).isEmpty();
    }

    @Test
    void createLogGroup_checksLengthsAndTypes() {
        assertError(call("CreateLogGroup", "{\"logGroupName\":\"" + "a".repeat(513) + "\"}"),
                "InvalidParameterException", "Invalid parameter at 'logGroupName' failed to satisfy constraint:"
                        + " 'Member must have length less than or equal to 512'");
        assertError(call("CreateLogGroup", "{\"logGroupName\":\"\"}"), "InvalidParameterException",
                "Invalid parameter at 'logGroupName' failed to satisfy constraint:"
                        + " 'Member must have length greater than or equal to 1'");
        assertError(call("CreateLogGroup", "{}"), "InvalidParameterException",
                "Invalid parameter at 'logGroupName' failed to satisfy constraint: 'Member must not be null'");
        assertError(call("CreateLogGroup", "{\"logGroupName\":\"a\",\"tags\":[{\"key\":\"k\"}]}"),
                "SerializationException", "Expected a map for 'tags'");
        assertError(call("CreateLogGroup", "{\"logGroupName\":\"a\",\"logGroupClass\":\"COLD\"}"),
                "InvalidParameterException", "Invalid parameter at 'logGroupClass' failed to satisfy constraint:"
                        + " 'Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]'");
        assertThat(call("CreateLogGroup", "{\"logGroupName\":\"" + "a".repeat(512) + "\"}").status()).isEqualTo(200);
    }

    @Test
    void describeLogGroups_listsByNameAndFilters() {
        for (String name : List.of("/ecs/web", "/aws/lambda/Fn", "/ecs/myapp", "audit")) {
            create(name);
        }

        assertThat(describedNames("{}")).containsExactly("/aws/lambda/Fn", "/ecs/myapp", "/ecs/web", "audit");
        assertThat(describedNames("{\"logGroupNamePrefix\":\"/ecs/\"}")).containsExactly("/ecs/myapp", "/ecs/web");
        assertThat(describedNames("{\"logGroupNamePattern\":\"Fn\"}")).containsExactly("/aws/lambda/Fn");
        assertThat(describedNames("{\"logGroupNamePattern\":\"fn\"}")).isEmpty();
        assertThat(sim.logs().logGroups()).containsExactly("/aws/lambda/Fn", "/ecs/myapp", "/ecs/web", "audit");
        assertError(call("DescribeLogGroups", "{\"logGroupNamePrefix\":\"/ecs\",\"logGroupNamePattern\":\"web\"}"),
                "InvalidParameterException", "logGroupNamePrefix and logGroupNamePattern are mutually exclusive.");
    }

    @Test
    void describeLogGroups_pagesByLimit() {
        for (String name : List.of("a", "b", "c")) {
            create(name);
        }

        JsonNode first = call("DescribeLogGroups", "{\"limit\":2}").json();
        JsonNode second = call("DescribeLogGroups",
                "{\"limit\":2,\"nextToken\":\"" + first.get("nextToken").asText() + "\"}").json();

        assertThat(first.get("logGroups").findValuesAsText("logGroupName")).containsExactly("a", "b");
        assertThat(second.get("logGroups").findValuesAsText("logGroupName")).containsExactly("c");
        assertThat(second.has("nextToken")).isFalse();
        assertError(call("DescribeLogGroups", "{\"limit\":51}"), "InvalidParameterException",
                "Invalid parameter at 'limit' failed to satisfy constraint:"
                        + " 'Member must have value less than or equal to 50'");
        assertError(call("DescribeLogGroups", "{\"limit\":0}"), "InvalidParameterException",
                "Invalid parameter at 'limit' failed to satisfy constraint:"
                        + " 'Member must have value greater than or equal to 1'");
    }

    @Test
    void describeLogGroups_answersEmptyWhenThereAreNone() {
        assertThat(call("DescribeLogGroups", "{}").text()).isEqualTo("{\"logGroups\":[]}");
    }

    @Test
    void arns_nameTheRegionOfTheCredentialScope() {
        Wire.post(sim.endpoint(), LogsSimulator.TARGET_PREFIX + ".CreateLogGroup", "{\"logGroupName\":\"eu\"}",
                "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/logs/aws4_request, SignedHeaders=host,"
                        + " Signature=0");

        assertThat(call("DescribeLogGroups", "{}").json().at("/logGroups/0/logGroupArn").asText())
                .isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:eu");
    }

    @Test
    void otherOperations_areUnknown() {
        assertError(call("PutLogEvents", "{}"), "UnknownOperationException",
                "Unknown operation Logs_20140328.PutLogEvents");
    }
}
