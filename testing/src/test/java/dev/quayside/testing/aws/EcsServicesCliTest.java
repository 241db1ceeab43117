package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.aws.AwsCli.Result;
import dev.quayside.testing.aws.AwsCli.Running;
import dev.quayside.testing.time.ScaledClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

    @TempDir
    static Path home;

    private static AwsSimulator sim;

    private static AwsCli awsCli;

    @BeforeAll
    static void start() {
        sim = AwsSimulator.builder().clock(ScaledClock.of(Clock.systemUTC(), 20)).start();
        awsCli = AwsCli.against(sim.endpoint(), home);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static Result cli(String... args) {
        Result cli = awsCli.run(args);
        assertThat(cli.exitCode()).as(String.join(" ", args) + ": " + cli.stderr()).isZero();
        return cli;
    }

    @Test
    void createServiceFromCliInputJson_withAFargateSpotStrategyAwsvpcAndALoadBalancer() throws IOException {
        new EcsWire(sim.endpoint()).register("spotweb", "nginx:1.27", 8080);
        String group = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/spotweb/0123456789abcdef";
        Path input = Files.writeString(home.resolve("service.json"), """
                {
                  "cluster": "spot",
                  "serviceName": "web",
                  "taskDefinition": "spotweb:1",
                  "desiredCount": 2,
                  "capacityProviderStrategy": [
                    {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                    {"capacityProvider": "FARGATE_SPOT", "weight": 3}
                  ],
                  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"],
                    "securityGroups": ["sg-0123456789abcdef0"], "assignPublicIp": "DISABLED"}},
                  "loadBalancers": [{"targetGroupArn": "%s", "containerName": "app", "containerPort": 8080}],
                  "healthCheckGracePeriodSeconds": 30,
                  "propagateTags": "SERVICE"
                }
                """.formatted(group));

        JsonNode cluster = cli("ecs", "create-cluster", "--cluster-name", "spot", "--capacity-providers", "FARGATE",
                "FARGATE_SPOT").json().path("cluster");
        assertThat(cluster.path("capacityProviders").toString()).isEqualTo("[\"FARGATE\",\"FARGATE_SPOT\"]");
        cli("ecs", "create-service", "--cli-input-json", "file://" + input);
        JsonNode described = cli("ecs", "describe-services", "--cluster", "spot", "--services", "web")
                .json().path("services").get(0);

        assertThat(described.path("capacityProviderStrategy").toString()).isEqualTo("[{\"capacityProvider\":\"FARGATE\","
                + "\"weight\":1,\"base\":1},{\"capacityProvider\":\"FARGATE_SPOT\",\"weight\":3,\"base\":0}]");
        assertThat(described.has("launchType")).isFalse();
        assertThat(described.path("loadBalancers").get(0).path("targetGroupArn").asText()).isEqualTo(group);
        assertThat(described.path("networkConfiguration").path("awsvpcConfiguration").path("securityGroups").get(0).asText())
                .isEqualTo("sg-0123456789abcdef0");
        assertThat(described.path("healthCheckGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(described.path("propagateTags").asText()).isEqualTo("SERVICE");
        assertThat(described.path("deployments").get(0).path("capacityProviderStrategy"))
                .isEqualTo(described.path("capacityProviderStrategy"));
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

        Running waiting = awsCli.start("ecs", "wait", "services-stable", "--cluster", "prod", "--services", "web");
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

        Result waited = waiting.await();

        assertThat(waited.exitCode()).as(waited.stderr()).isZero();
        JsonNode stable = ecs.describeService("prod", "web");
        assertThat(stable.path("deployments")).hasSize(1);
        assertThat(EcsWire.deployment(stable, "PRIMARY").path("id").asText()).isEqualTo(id);
        assertThat(EcsWire.deployment(stable, "PRIMARY").path("rolloutState").asText()).isEqualTo("COMPLETED");
        // Two of ours, and at least one unstable and one stable look by the waiter.
        assertThat(sim.requests("DescribeServices")).hasSizeGreaterThanOrEqualTo(4);
    }
}
