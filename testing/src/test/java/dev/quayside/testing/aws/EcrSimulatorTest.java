package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcrSimulatorTest {

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

    static String lifecyclePolicyFixture() {
        try (InputStream in = EcrSimulatorTest.class.getResourceAsStream("lifecycle-policy.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Wire.Response call(String operation, String body) {
        return Wire.ecr(sim.endpoint(), operation, body);
    }

    private static void assertError(Wire.Response response, String code, String message) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo(code);
        assertThat(response.json().get("__type").asText()).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isEqualTo(message);
    }

    @Test
    void createRepository_answersWithTheRepositoryAsAwsDoes() {
        Wire.Response response = call("CreateRepository", """
                {"repositoryName":"team/app","imageTagMutability":"IMMUTABLE",
                 "imageScanningConfiguration":{"scanOnPush":true},
                 "encryptionConfiguration":{"encryptionType":"KMS","kmsKey":"alias/app"},
                 "tags":[{"Key":"team","Value":"core"}]}""");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(response.text()).isEqualTo("{\"repository\":{"
                + "\"repositoryArn\":\"arn:aws:ecr:us-east-1:123456789012:repository/team/app\","
                + "\"registryId\":\"123456789012\","
                + "\"repositoryName\":\"team/app\","
                + "\"repositoryUri\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app\","
                + "\"createdAt\":1735689600.25,"
                + "\"imageTagMutability\":\"IMMUTABLE\","
                + "\"imageScanningConfiguration\":{\"scanOnPush\":true},"
                + "\"encryptionConfiguration\":{\"encryptionType\":\"KMS\",\"kmsKey\":\"alias/app\"}}}");
    }

    @Test
    void createRepository_defaultsToMutableUnscannedAes256() {
        JsonNode repository = call("CreateRepository", "{\"repositoryName\":\"app\"}").json().get("repository");

        assertThat(repository.get("imageTagMutability").asText()).isEqualTo("MUTABLE");
        assertThat(repository.get("imageScanningConfiguration").toString()).isEqualTo("{\"scanOnPush\":false}");
        assertThat(repository.get("encryptionConfiguration").toString()).isEqualTo("{\"encryptionType\":\"AES256\"}");
        assertThat(repository.get("createdAt").isNumber()).isTrue();
    }

    @Test
    void createRepository_keepsASnapshotForTests() {
        call("CreateRepository", """
                {"repositoryName":"app","imageScanningConfiguration":{"scanOnPush":true},
                 "encryptionConfiguration":{"encryptionType":"KMS"},"tags":[{"Key":"a","Value":"1"}]}""");

        EcrRepository repository = sim.ecr().repository("app").orElseThrow();
        assertThat(repository.scanOnPush()).isTrue();
        assertThat(repository.imageTagMutability()).isEqualTo("MUTABLE");
        assertThat(repository.encryption().type()).isEqualTo("KMS");
        assertThat(repository.encryption().kmsKey()).isEmpty();
        assertThat(repository.tags()).isEqualTo(Map.of("a", "1"));
        assertThat(repository.lifecyclePolicyText()).isEmpty();
        assertThat(repository.createdAt()).isEqualTo(NOW);
        assertThat(sim.ecr().repository("other")).isEmpty();
        assertThat(sim.ecr().repositories()).containsExactly(repository);
    }

    @Test
    void createRepository_namesTheRegionOfTheCredentialScope() {
        Wire.post(sim.endpoint(), Wire.ECR + ".CreateRepository", "{\"repositoryName\":\"app\"}",
                "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/ecr/aws4_request, SignedHeaders=host, Signature=0");

        EcrRepository repository = sim.ecr().repository("app").orElseThrow();
        assertThat(repository.arn()).isEqualTo("arn:aws:ecr:eu-west-1:123456789012:repository/app");
        assertThat(repository.uri()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app");
    }

    @Test
    void createRepository_refusesDuplicateName() {
        call("CreateRepository", "{\"repositoryName\":\"app\"}");

        assertError(call("CreateRepository", "{\"repositoryName\":\"app\"}"), "RepositoryAlreadyExistsException",
                "The repository with name 'app' already exists in the registry with id '123456789012'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"App", "-app", "app-", "team//app", "team/", "app..x", "app name"})
    void createRepository_refusesNamesOutsideTheAwsPattern(String name) {
        Wire.Response response = call("CreateRepository", "{\"repositoryName\":\"" + name + "\"}");

        assertError(response, "InvalidParameterException", "Invalid parameter at 'repositoryName' failed to satisfy"
                + " constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+"
                + "(?:[._-][a-z0-9]+)*''");
        assertThat(sim.ecr().repositories()).isEmpty();
    }

    @Test
    void createRepository_refusesNamesOutsideTheLengthLimits() {
        assertError(call("CreateRepository", "{\"repositoryName\":\"a\"}"), "InvalidParameterException",
                "Invalid parameter at 'repositoryName' failed to satisfy constraint:"
                        + " 'Member must have length greater than or equal to 2'");
        String longName = "a".repeat(257);
        assertThat(call("CreateRepository", "{\"repositoryName\":\"" + longName + "\"}").json().get("message")
                .asText()).contains("less than or equal to 256");
        assertThat(call("CreateRepository", "{\"repositoryName\":\"" + "a".repeat(256) + "\"}").status())
                .isEqualTo(200);
    }

    @Test
    void createRepository_requiresARepositoryName() {
        assertError(call("CreateRepository", "{}"), "InvalidParameterException",
                "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be null'");
    }

    @Test
    void createRepository_refusesUnknownEnumValues() {
        assertError(call("CreateRepository", "{\"repositoryName\":\"app\",\"imageTagMutability\":\"SOMETIMES\"}"),
                "InvalidParameterException", "Invalid parameter at 'imageTagMutability' failed to satisfy constraint:"
                        + " 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
        assertThat(call("CreateRepository",
                "{\"repositoryName\":\"app\",\"encryptionConfiguration\":{\"encryptionType\":\"ROT13\"}}")
                .header("x-amzn-ErrorType")).isEqualTo("InvalidParameterException");
    }

    @Test
    void createRepository_refusesAKmsKeyWithAes256() {
        Wire.Response response = call("CreateRepository", """
                {"repositoryName":"app","encryptionConfiguration":{"encryptionType":"AES256","kmsKey":"k"}}""");

        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("InvalidParameterException");
        assertThat(response.json().get("message").asText()).contains("kmsKey");
    }

    @Test
    void createRepository_refusesMalformedRegistryIds() {
        assertError(call("CreateRepository", "{\"repositoryName\":\"app\",\"registryId\":\"12\"}"),
                "InvalidParameterException", "Invalid parameter at 'registryId' failed to satisfy constraint:"
                        + " 'Member must satisfy regular expression pattern: [0-9]{12}'");
    }

    @Test
    void describeRepositories_listsAllInCreationOrder() {
        for (String name : List.of("b", "a", "c")) {
            call("CreateRepository", "{\"repositoryName\":\"" + name + "x\"}");
        }

        JsonNode response = call("DescribeRepositories", "{}").json();

        assertThat(response.get("repositories")).extracting(r -> r.get("repositoryName").asText())
                .containsExactly("bx", "ax", "cx");
        assertThat(response.has("nextToken")).isFalse();
        assertThat(response.get("repositories").get(0).get("repositoryArn").asText())
                .isEqualTo("arn:aws:ecr:us-east-1:123456789012:repository/bx");
    }

    @Test
    void describeRepositories_answersEmptyWhenThereAreNone() {
        assertThat(call("DescribeRepositories", "{}").text()).isEqualTo("{\"repositories\":[]}");
    }

    @Test
    void describeRepositories_findsNamedRepositoriesInRequestOrder() {
        call("CreateRepository", "{\"repositoryName\":\"one\"}");
        call("CreateRepository", "{\"repositoryName\":\"two\"}");

        JsonNode response = call("DescribeRepositories", "{\"repositoryNames\":[\"two\",\"one\"]}").json();

        assertThat(response.get("repositories")).extracting(r -> r.get("repositoryName").asText())
                .containsExactly("two", "one");
    }

    @Test
    void describeRepositories_refusesUnknownNames() {
        call("CreateRepository", "{\"repositoryName\":\"one\"}");

        assertError(call("DescribeRepositories", "{\"repositoryNames\":[\"one\",\"nope\"]}"),
                "RepositoryNotFoundException",
                "The repository with name 'nope' does not exist in the registry with id '123456789012'");
    }

    @Test
    void describeRepositories_keepsRegistriesApart() {
        call("CreateRepository", "{\"repositoryName\":\"one\"}");

        assertError(call("DescribeRepositories", "{\"registryId\":\"999999999999\",\"repositoryNames\":[\"one\"]}"),
                "RepositoryNotFoundException",
                "The repository with name 'one' does not exist in the registry with id '999999999999'");
        assertThat(call("DescribeRepositories", "{\"registryId\":\"999999999999\"}").json().get("repositories"))
                .isEmpty();
    }

    @Test
    void describeRepositories_pagesWithMaxResultsAndNextToken() {
        for (int i = 0; i < 5; i++) {
            call("CreateRepository", "{\"repositoryName\":\"repo" + i + "\"}");
        }
        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String body = token == null ? "{\"maxResults\":2}" : "{\"maxResults\":2,\"nextToken\":\"" + token + "\"}";
            JsonNode page = call("DescribeRepositories", body).json();
            page.get("repositories").forEach(r -> names.add(r.get("repositoryName").asText()));
            token = page.has("nextToken") ? page.get("nextToken").asText() : null;
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("repo0", "repo1", "repo2", "repo3", "repo4");
    }

    @Test
    void describeRepositories_refusesBadPaging() {
        assertThat(call("DescribeRepositories", "{\"maxResults\":0}").header("x-amzn-ErrorType"))
                .isEqualTo("InvalidParameterException");
        assertThat(call("DescribeRepositories", "{\"maxResults\":1001}").header("x-amzn-ErrorType"))
                .isEqualTo("InvalidParameterException");
        assertThat(call("DescribeRepositories", "{\"nextToken\":\"garbage\"}").header("x-amzn-ErrorType"))
                .isEqualTo("InvalidParameterException");
        assertThat(call("DescribeRepositories", "{\"repositoryNames\":[\"a1\"],\"maxResults\":5}")
                .header("x-amzn-ErrorType")).isEqualTo("InvalidParameterException");
    }

    @Test
    void getAuthorizationToken_handsOutTheFrontedRegistryPasswordForTwelveHours() {
        sim.ecr().registry(URI.create("http://127.0.0.1:5123"), "s3cret");

        Wire.Response response = call("GetAuthorizationToken", "{}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode data = response.json().get("authorizationData");
        assertThat(data).hasSize(1);
        String token = data.get(0).get("authorizationToken").asText();
        assertThat(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8)).isEqualTo("AWS:s3cret");
        assertThat(data.get(0).get("proxyEndpoint").asText()).isEqualTo("http://127.0.0.1:5123");
        assertThat(data.get(0).get("expiresAt").isNumber()).isTrue();
        assertThat(response.text()).contains("\"expiresAt\":1735732800.25");
    }

    @Test
    void getAuthorizationToken_answersOncePerRequestedRegistry() {
        sim.ecr().registry(URI.create("http://127.0.0.1:5123/"), "pw");

        JsonNode data = call("GetAuthorizationToken", "{\"registryIds\":[\"111111111111\",\"222222222222\"]}")
                .json().get("authorizationData");

        assertThat(data).hasSize(2);
        assertThat(data).extracting(d -> d.get("proxyEndpoint").asText()).containsOnly("http://127.0.0.1:5123");
    }

    @Test
    void getAuthorizationToken_refusesMalformedRegistryIds() {
        assertError(call("GetAuthorizationToken", "{\"registryIds\":[\"123456789012\",\"abc\"]}"),
                "InvalidParameterException", "Invalid parameter at 'registryIds' failed to satisfy constraint: "
                        + "'Member must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]{12}]'");
    }

    @Test
    void getAuthorizationToken_withoutARegistry_pointsAtTheAwsShapedEndpoint() {
        JsonNode data = call("GetAuthorizationToken", "{}").json().get("authorizationData").get(0);

        assertThat(data.get("proxyEndpoint").asText()).isEqualTo("https://123456789012.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(new String(Base64.getDecoder().decode(data.get("authorizationToken").asText()),
                StandardCharsets.UTF_8)).startsWith("AWS:");
    }

    @Test
    void putLifecyclePolicy_storesTheFixtureAndEchoesIt() throws IOException {
        call("CreateRepository", "{\"repositoryName\":\"app\"}");
        String policy = lifecyclePolicyFixture();
        String body = Wire.JSON.createObjectNode().put("repositoryName", "app")
                .put("lifecyclePolicyText", policy).toString();

        Wire.Response response = call("PutLifecyclePolicy", body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("registryId").asText()).isEqualTo("123456789012");
        assertThat(response.json().get("repositoryName").asText()).isEqualTo("app");
        assertThat(response.json().get("lifecyclePolicyText").asText()).isEqualTo(policy);
        assertThat(sim.ecr().repository("app").orElseThrow().lifecyclePolicyText()).contains(policy);
    }

    @Test
    void getLifecyclePolicy_returnsTheStoredPolicy() {
        call("CreateRepository", "{\"repositoryName\":\"app\"}");
        String policy = lifecyclePolicyFixture();
        call("PutLifecyclePolicy", Wire.JSON.createObjectNode().put("repositoryName", "app")
                .put("lifecyclePolicyText", policy).toString());

        JsonNode response = call("GetLifecyclePolicy", "{\"repositoryName\":\"app\"}").json();

        assertThat(response.get("registryId").asText()).isEqualTo("123456789012");
        assertThat(response.get("repositoryName").asText()).isEqualTo("app");
        assertThat(response.get("lifecyclePolicyText").asText()).isEqualTo(policy);
        assertThat(response.get("lastEvaluatedAt").isNumber()).isTrue();
    }

    @Test
    void getLifecyclePolicy_refusesRepositoriesWithoutPolicy() {
        call("CreateRepository", "{\"repositoryName\":\"app\"}");

        assertError(call("GetLifecyclePolicy", "{\"repositoryName\":\"app\"}"), "LifecyclePolicyNotFoundException",
                "Lifecycle policy does not exist for the repository with name 'app' in the registry with id"
                        + " '123456789012'");
    }

    @Test
    void lifecyclePolicyOperations_refuseUnknownRepositories() {
        String put = Wire.JSON.createObjectNode().put("repositoryName", "nope")
                .put("lifecyclePolicyText", lifecyclePolicyFixture()).toString();

        assertError(call("PutLifecyclePolicy", put), "RepositoryNotFoundException",
                "The repository with name 'nope' does not exist in the registry with id '123456789012'");
        assertThat(call("GetLifecyclePolicy", "{\"repositoryName\":\"nope\"}").header("x-amzn-ErrorType"))
                .isEqualTo("RepositoryNotFoundException");
    }

    @Test
    void putLifecyclePolicy_refusesInvalidPoliciesAndKeepsTheOldOne() {
        call("CreateRepository", "{\"repositoryName\":\"app\"}");
        String good = lifecyclePolicyFixture();
        call("PutLifecyclePolicy", Wire.JSON.createObjectNode().put("repositoryName", "app")
                .put("lifecyclePolicyText", good).toString());
        String bad = good.replace("\"expire\"", "\"archive\"");

        Wire.Response response = call("PutLifecyclePolicy", Wire.JSON.createObjectNode().put("repositoryName", "app")
                .put("lifecyclePolicyText", bad).toString());

        assertError(response, "InvalidParameterException", "Invalid parameter at 'LifecyclePolicyText' failed to"
                + " satisfy constraint: 'Lifecycle policy validation failure: rules[0].action.type must be one of"
                + " [expire], was \"archive\"'");
        assertThat(sim.ecr().repository("app").orElseThrow().lifecyclePolicyText()).contains(good);
    }

    @Test
    void unimplementedOperations_areUnknown() {
        assertError(call("DeleteRepository", "{\"repositoryName\":\"app\"}"), "UnknownOperationException",
                "Unknown operation AmazonEC2ContainerRegistry_V20150921.DeleteRepository");
    }
}
