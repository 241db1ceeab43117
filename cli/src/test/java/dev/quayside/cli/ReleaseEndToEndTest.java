package dev.quayside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import dev.quayside.testing.time.ScaledClock;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's flow through the CLI as a separate process: release 1.0 succeeds; release 1.1 names a tag
 * never pushed and fails with the circuit breaker's rollback, the streamed events and the stopped
 * tasks' reason. The simulator's ECS clock runs 20 times faster than real time.
 */
class ReleaseEndToEndTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    private static AwsSimulator aws;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void simulator() {
        aws = AwsSimulator.builder().clock(ScaledClock.of(Clock.systemUTC(), 20)).start();
        aws.ecr().registry(registry.endpoint(), registry.password());
        aws.bootstrapService("ap-southeast-1", "prod", "myapp");
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private static Run quayside(String... args) throws Exception {
        return quayside(Map.of("AWS_ACCESS_KEY_ID", "AKIDE2E", "AWS_SECRET_ACCESS_KEY", "e2e-secret", "AWS_REGION", "ap-southeast-1"), args);
    }

    private static Run quayside(Map<String, String> aws, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(aws);
        // Never ask EC2 instance metadata from a test machine.
        pb.environment().putAll(Map.of("HOME", tmp.toString(), "AWS_EC2_METADATA_DISABLED", "true"));
        File out = tmp.resolve("out-" + System.nanoTime()).toFile();
        File err = tmp.resolve("err-" + System.nanoTime()).toFile();
        Process p = pb.redirectOutput(out).redirectError(err).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    private static Path taskDefinition() throws Exception {
        try (var in = ReleaseEndToEndTest.class.getResourceAsStream("/dev/quayside/testing/aws/seed-task-definition.json")) {
            Path file = tmp.resolve("task-definition.json");
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    @Test
    void release_oneSucceeds_aMissingImageStopsAtThePreflight_andOneFailingItsHealthChecksIsRolledBackWithTheReason() throws Exception {
        ImageFixture.Written v10 = ImageFixture.builder().seed(10).layerSizes(20_000).tag("1.0").writeOciLayout(tmp.resolve("image-1.0"));
        ImageFixture.Written v11 = ImageFixture.builder().seed(11).layerSizes(20_000).tag("1.1").writeOciLayout(tmp.resolve("image-1.1"));
        Path td = taskDefinition();
        String endpoint = aws.endpoint().toString();

        Run first = quayside("release", "oci:" + v10.path() + ":1.0", "myapp", "--tag", "1.0", "--tag", "latest", "--create-repository",
                "--task-definition", td.toString(), "--create-log-groups", "--cluster", "prod", "--service", "myapp", "--timeout", "5m",
                "--endpoint-url", endpoint, "--json");

        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode ok = JSON.readTree(first.out());
        assertThat(ok.get("verdict").asText()).isEqualTo("SUCCEEDED");
        assertThat(ok.get("digest").asText()).isEqualTo(v10.digest());
        assertThat(ok.get("taskDefinition").asText()).isEqualTo("myapp:2");
        assertThat(first.err()).contains("Registered task definition myapp:2").contains("deployment completed").contains("SUCCEEDED:");

        int registered = aws.requests("RegisterTaskDefinition").size();
        int updated = aws.requests("UpdateService").size();
        Run second = quayside("release", "oci:" + v11.path() + ":1.1", "myapp", "--tag", "1.1", "--task-definition", td.toString(),
                "--image", "myapp=" + registry.hostPort() + "/myapp:v1.1", "--cluster", "prod", "--service", "myapp", "--timeout", "5m",
                "--endpoint-url", endpoint, "--json");

        // A tag that was never pushed stops at the pre-flight: nothing registered, the service untouched.
        assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
        assertThat(second.err()).contains("register task definition family 'myapp' (pre-flight)")
                .contains("container myapp: image " + registry.hostPort() + "/myapp:v1.1 does not exist in ECR").contains("Nothing was changed");
        assertThat(aws.requests("RegisterTaskDefinition")).hasSize(registered);
        assertThat(aws.requests("UpdateService")).hasSize(updated);

        ImageFixture.Written v12 = ImageFixture.builder().seed(12).layerSizes(20_000).tag("1.2")
                .label("dev.quayside.simulator.scenario", "FAILING_HEALTH_CHECK").writeOciLayout(tmp.resolve("image-1.2"));
        Run third = quayside("release", "oci:" + v12.path() + ":1.2", "myapp", "--tag", "1.2", "--task-definition", td.toString(),
                "--cluster", "prod", "--service", "myapp", "--timeout", "5m", "--endpoint-url", endpoint, "--json");

        // An image only ECS can judge: it fails its health checks, the circuit breaker rolls back, the log says why.
        assertThat(third.exitCode()).as(third.err()).isEqualTo(1);
        JsonNode failed = JSON.readTree(third.out());
        assertThat(failed.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(failed.get("rolledBackTo").asText()).contains("myapp:2");
        assertThat(failed.get("stoppedTaskReasons").fieldNames().next()).containsIgnoringCase("health check");
        assertThat(failed.get("changes").toString()).contains("+taskDefinition: myapp:3");
        assertThat(third.err()).contains("Pre-flight: 1 image found in ECR").contains("rolling back to deployment").contains("failed container health checks")
                .contains("FAILED: deployment").doesNotContain(registry.password()).doesNotContain("e2e-secret");
        assertThat(registry.manifestDigest("myapp", "latest")).contains(v10.digest());
    }

    @Test
    void push_withAScanGate_failsOnACriticalFinding_andPassesWhenItIsAllowedWithAReason() throws Exception {
        ImageFixture.Written vulnerable = ImageFixture.builder().seed(31).layerSizes(5_000).tag("1.0")
                .label("dev.quayside.simulator.findings", "CRITICAL:CVE-2024-0001:openssl:3.0.1:3.0.2;MEDIUM:CVE-2024-0002:zlib:1.2.11")
                .writeOciLayout(tmp.resolve("vulnerable"));
        String endpoint = aws.endpoint().toString();

        Run gated = quayside("push", "oci:" + vulnerable.path() + ":1.0", "scanned", "--tag", "1.0", "--create-repository",
                "--scan-fail-on", "HIGH", "--endpoint-url", endpoint);

        assertThat(gated.exitCode()).as(gated.err()).isEqualTo(1);
        assertThat(gated.err()).contains("Scan of scanned@" + vulnerable.digest() + ": 1 CRITICAL, 1 MEDIUM")
                .contains("CRITICAL CVE-2024-0001 openssl 3.0.1 (fixed in 3.0.2)")
                .contains("1 finding at or above HIGH not allowed: CVE-2024-0001");

        Run allowed = quayside("push", "oci:" + vulnerable.path() + ":1.0", "scanned", "--tag", "1.0",
                "--scan-fail-on", "HIGH", "--scan-allow", "CVE-2024-0001=no TLS in this service", "--endpoint-url", endpoint);

        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.err()).contains("[allowed: no TLS in this service]");
    }

    @Test
    void runTask_aMigrationThatExitsNonZero_exitsOne_namingTheExitCode() throws Exception {
        aws.ecsServices().runTaskExitCode("myapp", 3);

        Run run = quayside("run-task", "--cluster", "prod", "--task-definition", "myapp", "--network-from-service", "myapp",
                "--endpoint-url", aws.endpoint().toString(), "--json", "--container", "myapp", "--", "npm", "run", "migrate");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("Started task ").contains(": STOPPED").contains("myapp exited with 3");
        assertThat(aws.requests("RunTask")).last().satisfies(q ->
                assertThat(q.body().path("overrides").path("containerOverrides").get(0).path("command").toString()).isEqualTo("[\"npm\",\"run\",\"migrate\"]"));
    }

    @Test
    void ctrlC_duringAWatch_stopsCleanlySayingWhereTheDeploymentWas() throws Exception {
        aws.ecsServices().scenario("slow", dev.quayside.testing.aws.Scenario.SLOW);
        aws.bootstrapService("ap-southeast-1", "prod", "slow");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "wait-deployment", "--cluster", "prod", "--service", "slow",
                "--endpoint-url", aws.endpoint().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDE2E", "AWS_SECRET_ACCESS_KEY", "e2e-secret", "AWS_REGION", "ap-southeast-1",
                "HOME", tmp.toString(), "AWS_EC2_METADATA_DISABLED", "true"));
        Path err = tmp.resolve("ctrl-c.err");
        Process p = pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err).contains("PRIMARY slow:1") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(Files.readString(err)).contains("interrupted: ").contains("ECS goes on with the deployment. Last seen: PRIMARY slow:1");
    }

    @Test
    void sigterm_duringADockerPush_stopsTheChild_andRemovesTheLogin() throws Exception {
        // A docker that shows what a daemon cannot: its pid, its environment, the config it was given; then it hangs.
        Path bin = Files.createDirectories(tmp.resolve("slow-docker-bin"));
        Path record = tmp.resolve("slow-docker.txt");
        Files.writeString(bin.resolve("docker"), "#!/bin/sh\n"
                + "if [ \"$1\" = push ]; then { echo \"PID $$\"; echo \"CONFIG $DOCKER_CONFIG\"; env | sed 's/^/ENV /'; } > '" + record + "'; exec sleep 60; fi\n");
        bin.resolve("docker").toFile().setExecutable(true);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "push", "docker-daemon:myapp:9.9", "signalled", "--tag", "9.9",
                "--create-repository", "--endpoint-url", aws.endpoint().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDE2E", "AWS_SECRET_ACCESS_KEY", "e2e-secret", "AWS_REGION", "ap-southeast-1",
                "HOME", tmp.toString(), "AWS_EC2_METADATA_DISABLED", "true", "PATH", bin + ":/usr/bin:/bin", "TMPDIR", tmp.toString()));
        Process p = pb.redirectErrorStream(true).redirectOutput(tmp.resolve("sigterm.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((!Files.exists(record) || !Files.readString(record).contains("ENV ")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<String> seen = Files.readAllLines(record);
        long dockerPid = Long.parseLong(seen.get(0).substring(4));
        Path config = Path.of(seen.get(1).substring(7));
        assertThat(config.resolve("config.json")).exists();

        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();

        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        assertThat(ProcessHandle.of(dockerPid).map(ProcessHandle::isAlive).orElse(false)).as("the docker child was stopped").isFalse();
        assertThat(config).as("the private DOCKER_CONFIG, with the ECR login, is gone").doesNotExist();
        assertThat(seen).noneMatch(l -> l.startsWith("ENV AWS_")).as("docker got no AWS credentials");
    }

    @Test
    void waitDeployment_ofSeveralServices_givesEachItsVerdict_inOneSharedCall_theWorstExitCode_andAJsonList() throws Exception {
        aws.bootstrapService("ap-southeast-1", "prod", "calm-a");
        aws.bootstrapService("ap-southeast-1", "prod", "calm-b");
        int before = aws.requests("DescribeServices").size();

        Run run = quayside("wait-deployment", "--cluster", "prod", "--service", "calm-a", "--service", "calm-b", "--service", "ghost",
                "--timeout", "2m", "--endpoint-url", aws.endpoint().toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).extracting(n -> n.path("service").asText() + "=" + n.path("verdict").asText())
                .containsExactly("calm-a=SUCCEEDED", "calm-b=SUCCEEDED", "ghost=FAILED");
        assertThat(run.err()).contains("[calm-a] ").contains("[ghost] ");
        assertThat(aws.requests("DescribeServices").subList(before, aws.requests("DescribeServices").size()))
                .first().satisfies(q -> assertThat(q.body().path("services").size()).as("the first poll of all three, in one call").isEqualTo(3));
    }

    @Test
    void aDeploymentIdWithSeveralServices_isRefused() throws Exception {
        Run run = quayside("wait-deployment", "--cluster", "prod", "--service", "a", "--service", "b", "--deployment-id", "ecs-svc/1",
                "--endpoint-url", aws.endpoint().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--service: give one service: --deployment-id names the deployment of one service");
    }

    @Test
    void aServiceThatDoesNotExist_failsSayingWhich_notNull() throws Exception {
        Run run = quayside("wait-deployment", "--cluster", "prod", "--service", "ghost", "--endpoint-url", aws.endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out().trim()).isEqualTo("FAILED prod/ghost");
        assertThat(run.err()).contains("ghost").doesNotContain("null");
    }

    @Test
    void badInput_exitsWith2AndOneLineWithoutAStackTrace() throws Exception {
        Run run = quayside("release", "oci:" + tmp.resolve("missing"), "myapp", "--tag", "1", "--task-definition", tmp.resolve("none.json").toString(),
                "--cluster", "prod", "--service", "myapp", "--endpoint-url", aws.endpoint().toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("\tat ").contains("error: ");
    }

    @Test
    void noCredentials_exitsWith3SayingWhereWeLooked() throws Exception {
        Run run = quayside(Map.of("AWS_REGION", "ap-southeast-1"), "ecr-login", "--endpoint-url", aws.endpoint().toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("no AWS credentials were found (looked in: the AWS_ACCESS_KEY_ID").doesNotContain("\tat ");
    }

    @Test
    void versionAndHelp_needNoAwsConfiguration() throws Exception {
        assertThat(quayside("--version").exitCode()).isZero();
        Run help = quayside("release", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Examples:");
    }
}
