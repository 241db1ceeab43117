package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.aws.AwsCli.Result;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real AWS CLI v2 (Debian's /usr/bin/aws) against the simulator. */
class EcrCliTest {

    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    @TempDir
    static Path home;

    private static AwsCli cli;

    @BeforeAll
    static void requireCli() {
        cli = AwsCli.against(aws.endpoint(), home);
    }

    @Test
    void createRepository_thenDescribeRepositories() {
        Result created = cli.run("ecr", "create-repository", "--repository-name", "myapp",
                "--image-scanning-configuration", "scanOnPush=true", "--encryption-configuration", "encryptionType=AES256");

        assertThat(created.exitCode()).as(created.stderr()).isZero();
        JsonNode repository = created.json().get("repository");
        assertThat(repository.get("repositoryArn").asText()).isEqualTo("arn:aws:ecr:us-east-1:123456789012:repository/myapp");
        assertThat(repository.get("repositoryUri").asText()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp");
        // The CLI turned the epoch-seconds number into an ISO 8601 timestamp.
        assertThat(repository.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\+00:00");
        assertThat(repository.get("imageScanningConfiguration").get("scanOnPush").asBoolean()).isTrue();
        assertThat(repository.get("encryptionConfiguration").get("encryptionType").asText()).isEqualTo("AES256");

        List<RecordedRequest> creations = aws.requests("CreateRepository");
        RecordedRequest request = creations.get(creations.size() - 1);
        assertThat(request.targetPrefix()).isEqualTo(EcrSimulator.TARGET_PREFIX);
        assertThat(request.region()).isEqualTo("us-east-1");
        assertThat(request.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(request.body().toString()).isEqualTo("{\"repositoryName\":\"myapp\","
                + "\"imageScanningConfiguration\":{\"scanOnPush\":true},"
                + "\"encryptionConfiguration\":{\"encryptionType\":\"AES256\"}}");

        Result described = cli.run("ecr", "describe-repositories");
        assertThat(described.exitCode()).as(described.stderr()).isZero();
        assertThat(described.json().get("repositories")).extracting(r -> r.get("repositoryName").asText())
                .contains("myapp");
    }

    @Test
    void getLoginPassword_printsTheRegistryPassword() {
        aws.ecr().registry(URI.create("http://127.0.0.1:5123"), "hunter2");

        Result login = cli.run("ecr", "get-login-password");

        assertThat(login.exitCode()).as(login.stderr()).isZero();
        assertThat(login.stdout()).isEqualTo("hunter2\n");
    }

    @Test
    void putLifecyclePolicy_fromAFile_isStoredAndReadBack() throws IOException {
        cli.run("ecr", "create-repository", "--repository-name", "policed");
        String policy = EcrSimulatorTest.lifecyclePolicyFixture();
        Path file = Files.writeString(home.resolve("lifecycle-policy.json"), policy);

        Result put = cli.run("ecr", "put-lifecycle-policy", "--repository-name", "policed",
                "--lifecycle-policy-text", "file://" + file);

        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(put.json().get("lifecyclePolicyText").asText()).isEqualTo(policy);
        assertThat(aws.ecr().repository("policed").orElseThrow().lifecyclePolicyText()).contains(policy);
        Result get = cli.run("ecr", "get-lifecycle-policy", "--repository-name", "policed");
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(get.json().get("lifecyclePolicyText").asText()).isEqualTo(policy);
        assertThat(get.json().get("lastEvaluatedAt").asText()).isEqualTo("1970-01-01T00:00:00+00:00");
    }

    @Test
    void errors_reachTheCliAsModelledExceptions() {
        cli.run("ecr", "create-repository", "--repository-name", "twice");

        Result again = cli.run("ecr", "create-repository", "--repository-name", "twice");

        assertThat(again.exitCode()).isEqualTo(254);
        assertThat(again.stderr()).contains("An error occurred (RepositoryAlreadyExistsException) when calling the"
                + " CreateRepository operation: The repository with name 'twice' already exists in the registry"
                + " with id '123456789012'");
    }

    @Test
    void region_comesFromTheCliRegion() {
        Result created = cli.region("eu-west-1").run("ecr", "create-repository", "--repository-name", "european");

        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.json().get("repository").get("repositoryArn").asText())
                .isEqualTo("arn:aws:ecr:eu-west-1:123456789012:repository/european");
        assertThat(aws.requests("CreateRepository")).extracting(RecordedRequest::region).contains("eu-west-1");
    }

    @Test
    void throttling_isRetriedByTheCli() {
        aws.clearJournal();
        aws.failNext("DescribeRepositories", "ThrottlingException", "Rate exceeded", 400, 2);

        Result described = cli.run("ecr", "describe-repositories");

        assertThat(described.exitCode()).as(described.stderr()).isZero();
        assertThat(aws.requests("DescribeRepositories")).extracting(RecordedRequest::errorCode)
                .containsExactly("ThrottlingException", "ThrottlingException", null);
    }

    @Test
    void describeImages_showsTheRegistrysImages() {
        try (FakeRegistry registry = FakeRegistry.start("pw", 100)) {
            aws.ecr().registry(registry.endpoint(), "pw");
            cli.run("ecr", "create-repository", "--repository-name", "team/imaged");
            String digest = registry.put("team/imaged", "1.0", FakeRegistry.OCI_MANIFEST, FakeRegistry.imageManifest(
                    FakeRegistry.OCI_MANIFEST, "application/vnd.oci.image.config.v1+json", 1000, 24));

            Result described = cli.run("ecr", "describe-images", "--repository-name", "team/imaged",
                    "--image-ids", "imageTag=1.0");

            assertThat(described.exitCode()).as(described.stderr()).isZero();
            JsonNode detail = described.json().get("imageDetails").get(0);
            assertThat(detail.get("imageDigest").asText()).isEqualTo(digest);
            assertThat(detail.get("imageTags")).extracting(JsonNode::asText).containsExactly("1.0");
            assertThat(detail.get("imageSizeInBytes").asLong()).isEqualTo(1024);
            assertThat(detail.get("imagePushedAt").asText()).endsWith("+00:00");
        }
    }
}
