package dev.quayside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PushCommandTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    @TempDir
    Path tmp;

    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        aws.ecr().registry(registry.endpoint(), registry.password());
        env = Map.of("AWS_ACCESS_KEY_ID", "AKIDCLI", "AWS_SECRET_ACCESS_KEY", "cli-secret", "AWS_REGION", "us-east-1", "PATH", "/usr/bin:/bin");
    }

    @Test
    void push_toEcr_printsTheJsonResultAndLogsToStderr() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(21).layerSizes(10_000, 20_000).writeOciLayout(tmp.resolve("img"));

        CliRun run = CliRun.run(env, "", "push", "oci:" + image.path(), "cli-app", "--tag", "1.0", "--tag", "latest",
                "--create-repository", "--endpoint-url", aws.endpoint().toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("digest").asText()).isEqualTo(image.digest());
        assertThat(json.get("imageUri").asText()).isEqualTo(registry.hostPort() + "/cli-app:1.0");
        assertThat(json.get("tags")).hasSize(2);
        assertThat(run.err()).contains("12:00:00 Created ECR repository").contains("uploaded").doesNotContain(registry.password());
        assertThat(registry.manifestDigest("cli-app", "latest")).contains(image.digest());
    }

    @Test
    void push_toAnyRegistry_readsThePasswordFromStdin() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(22).layerSizes(5_000).writeOciArchive(tmp.resolve("img.tar"));

        CliRun run = CliRun.run(Map.of("PATH", "/usr/bin"), registry.password() + "\n", "push", "oci-archive:" + image.path(),
                registry.hostPort() + "/plain/app:2.0", "--registry-username", registry.username(), "--registry-password-stdin");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().trim()).isEqualTo(registry.hostPort() + "/plain/app@" + image.digest());
    }

    @Test
    void push_missingSource_exitsWith2AndCallsNothing() {
        aws.clearJournal();
        CliRun run = CliRun.run(env, "", "push", "oci:" + tmp.resolve("absent"), "cli-app:1.0", "--endpoint-url", aws.endpoint().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("source: ").contains("does not exist");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void push_wrongRegistryPassword_exitsWith3NamingTheUser() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(23).layerSizes(5_000).writeOciLayout(tmp.resolve("img2"));

        CliRun run = CliRun.run(Map.of("PATH", "/usr/bin"), "not-the-password\n", "push", "oci:" + image.path(),
                registry.hostPort() + "/plain/app:2.0", "--registry-username", "AWS", "--registry-password-stdin");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("user 'AWS'").contains(registry.hostPort()).doesNotContain("not-the-password");
    }

    @Test
    void ecrLogin_writesAPrivateConfigAndPrintsItsDirectory() throws Exception {
        Path dir = tmp.resolve("auth");
        CliRun run = CliRun.run(env, "", "ecr-login", "--dir", dir.toString(), "--endpoint-url", aws.endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().trim()).isEqualTo(dir.toString());
        assertThat(Files.readString(dir.resolve("config.json"))).contains(registry.hostPort());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.json")))).isEqualTo("rw-------");
        assertThat(run.err()).doesNotContain(registry.password());
    }

    @Test
    void endpointUrl_coversSts_soARoleIsAssumedThereToo() throws Exception {
        aws.clearJournal();
        ImageFixture.Written image = ImageFixture.builder().seed(23).layerSizes(5_000).writeOciLayout(tmp.resolve("role-img"));

        CliRun run = CliRun.run(env, "", "push", "oci:" + image.path(), "role-app", "--tag", "1", "--create-repository",
                "--endpoint-url", aws.endpoint().toString(), "--role-arn", "arn:aws:iam::123456789012:role/pusher");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(aws.requests("AssumeRole")).extracting(dev.quayside.testing.aws.RecordedRequest::accessKeyId).containsExactly("AKIDCLI");
        assertThat(aws.requests("GetAuthorizationToken")).extracting(dev.quayside.testing.aws.RecordedRequest::accessKeyId)
                .allMatch(key -> key.startsWith("ASIASIM"));
    }
}
