package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.HostTools;
import dev.quayside.testing.time.ScaledClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS CLI v2 (Debian's /usr/bin/aws 2.9) against the ECS simulator, on a clock 20 times
 * faster than real time so that {@code aws ecs wait services-stable}, which polls every 15 s, sees a
 * rollout finish. The CLI 2.9 predates ListServiceDeployments, so that command is not tried.
 */
class EcsServicesCliTest {

    private static final Path AWS_CLI = Path.of("/usr/bin/aws");

    @TempDir
    static Path home;

    private static AwsSimulator sim;

    private record Cli(int exitCode, String stdout, String stderr) {

        JsonNode json() {
            try {
                return Wire.JSON.readTree(stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(stdout + stderr, e);
            }
        }
    }

    @BeforeAll
    static void start() {
        HostTools.requireAt(AWS_CLI, "awscli");
        sim = AwsSimulator.builder().clock(ScaledClock.of(Clock.systemUTC(), 20)).start();
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static Process launch(String... args) {
        List<String> command = new ArrayList<>(List.of(AWS_CLI.toString(), "--endpoint-url", sim.endpoint().toString(),
                "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("HOME", home.toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Cli await(Process process) {
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("aws did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Cli(process.exitValue(), stdout, stderr.join());
    }

    private static Cli cli(String... args) {
        Cli cli = await(launch(args));
        assertThat(cli.exitCode()).as(String.join(" ", args) + ": " + cli.stderr()).isZero();
        return cli;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void updateService_thenWaitServicesStable() {
        EcsWire ecs = new EcsWire(sim.endpoint());
        ecs.register("web", "nginx:1.27");
        String v2 = ecs.register("web", "nginx:1.28");

        assertThat(cli("ecs", "create-cluster", "--cluster-name", "prod").json().path("cluster").path("clusterArn").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
        JsonNode created = cli("ecs", "create-service", "--cluster", "prod", "--service-name", "web",
                "--task-definition", "web:1", "--desired-count", "2", "--launch-type", "FARGATE",
                "--network-configuration", "awsvpcConfiguration={subnets=[subnet-0123456789abcdef0],assignPublicIp=DISABLED}",
                "--deployment-configuration",
                "deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100")
                .json().path("service");
        assertThat(created.path("serviceArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:service/prod/web");
        // The CLI turned the epoch-seconds number into an ISO 8601 timestamp.
        assertThat(created.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\+00:00");
        JsonNode updated = cli("ecs", "update-service", "--cluster", "prod", "--service", "web",
                "--task-definition", "web:2").json().path("service");
        String id = EcsWire.deployment(updated, "PRIMARY").path("id").asText();
        assertThat(EcsWire.deployment(updated, "PRIMARY").path("taskDefinition").asText()).isEqualTo(v2);

        Process waiting = launch("ecs", "wait", "services-stable", "--cluster", "prod", "--services", "web");
        JsonNode described = cli("ecs", "describe-services", "--cluster", "prod", "--services", "web")
                .json().path("services").get(0);
        assertThat(described.path("deployments").get(0).path("id").asText()).isEqualTo(id);
        List<String> arns = new ArrayList<>();
        cli("ecs", "list-tasks", "--cluster", "prod", "--service-name", "web").json().path("taskArns")
                .forEach(arn -> arns.add(arn.asText()));
        assertThat(arns).isNotEmpty();
        List<String> describeTasks = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "prod", "--tasks"));
        describeTasks.addAll(arns);
        JsonNode tasks = cli(describeTasks.toArray(String[]::new)).json().path("tasks");
        assertThat(tasks).allSatisfy(task -> assertThat(task.path("group").asText()).isEqualTo("service:web"));
        assertThat(tasks).anySatisfy(task -> assertThat(task.path("startedBy").asText()).isEqualTo(id));

        Cli waited = await(waiting);

        assertThat(waited.exitCode()).as(waited.stderr()).isZero();
        JsonNode stable = ecs.describeService("prod", "web");
        assertThat(stable.path("deployments")).hasSize(1);
        assertThat(EcsWire.deployment(stable, "PRIMARY").path("id").asText()).isEqualTo(id);
        assertThat(EcsWire.deployment(stable, "PRIMARY").path("rolloutState").asText()).isEqualTo("COMPLETED");
        // Two of ours, and at least one unstable and one stable look by the waiter.
        assertThat(sim.requests("DescribeServices")).hasSizeGreaterThanOrEqualTo(4);
    }
}
