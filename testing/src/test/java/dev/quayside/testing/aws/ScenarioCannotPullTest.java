package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.EcsWire.deployment;
import static dev.quayside.testing.aws.EcsWire.messages;
import static dev.quayside.testing.aws.EcsWire.seconds;
import static dev.quayside.testing.aws.EcsWire.taskId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deployments whose images cannot be pulled: the circuit breaker, with and without rollback, and AUTO. */
class ScenarioCannotPullTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private static final String PULL_ERROR = "CannotPullContainerError: pull image manifest has been retried 7 time(s):"
            + " failed to resolve ref docker.io/library/nginx:1.28: docker.io/library/nginx:1.28: not found";

    private final MutableClock clock = MutableClock.at(START);
    private AwsSimulator sim;
    private EcsWire ecs;
    private String v1;
    private String v2;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = new EcsWire(sim.endpoint());
        ecs.createCluster("prod");
        v1 = ecs.register("web", "nginx:1.27");
        v2 = ecs.register("web", "nginx:1.28");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String serviceOnV1(boolean breaker, boolean rollback) {
        ecs.createService("prod", "web", v1, 2, breaker, rollback);
        clock.advance(Duration.ofMinutes(5));
        return deployment(ecs.describeService("prod", "web"), "PRIMARY").path("id").asText();
    }

    @Test
    void circuitBreaker_failsTheDeploymentAndRollsBackToTheLastCompletedOne() {
        String good = serviceOnV1(true, true);
        sim.ecsServices().scenario("web", Scenario.CANNOT_PULL);
        Instant updatedAt = clock.instant();
        String bad = deployment(ecs.updateService("prod", "web", v2), "PRIMARY").path("id").asText();

        // +20 s: the first two tasks fail to start; 2 failures, under the threshold of 3.
        clock.advance(seconds(20));
        JsonNode service = ecs.describeService("prod", "web");
        assertThat(deployment(service, "PRIMARY").path("failedTasks").asInt()).isEqualTo(2);
        assertThat(messages(service).get(0)).isEqualTo("(service web) was unable to place a task. Reason: " + PULL_ERROR + ".");
        List<String> failed = ecs.listTasks("prod", "\"startedBy\":\"" + bad + "\",\"desiredStatus\":\"STOPPED\"");
        assertThat(failed).hasSize(2);
        JsonNode task = ecs.describeTasks("prod", failed).get(0);
        assertThat(task.path("lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(task.path("stopCode").asText()).isEqualTo("TaskFailedToStart");
        assertThat(task.path("stoppedReason").asText()).isEqualTo(PULL_ERROR);
        assertThat(task.path("containers").get(0).path("reason").asText()).isEqualTo(PULL_ERROR);
        assertThat(task.path("containers").get(0).has("exitCode")).isFalse();

        // +40 s: the second pair fails and the breaker trips at 4 >= 3.
        clock.advance(seconds(20));
        service = ecs.describeService("prod", "web");
        JsonNode primary = deployment(service, "PRIMARY");
        JsonNode active = deployment(service, "ACTIVE");
        assertThat(primary.path("id").asText()).isEqualTo(good);
        assertThat(primary.path("taskDefinition").asText()).isEqualTo(v1);
        assertThat(primary.path("rolloutState").asText()).isEqualTo("IN_PROGRESS");
        assertThat(primary.path("rolloutStateReason").asText())
                .isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId " + good + ".");
        assertThat(active.path("id").asText()).isEqualTo(bad);
        assertThat(active.path("rolloutState").asText()).isEqualTo("FAILED");
        assertThat(active.path("rolloutStateReason").asText()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(active.path("failedTasks").asInt()).isEqualTo(4);
        assertThat(service.path("taskDefinition").asText()).isEqualTo(v1);
        assertThat(sim.ecsServices().verdictAt(bad)).contains(updatedAt.plusSeconds(40));
        assertThat(messages(service).subList(0, 4)).containsExactly(
                "(service web) rolling back to deployment " + good + ".",
                "(service web) (deployment " + bad + ") deployment failed: tasks failed to start.",
                "(service web) was unable to place a task. Reason: " + PULL_ERROR + ".",
                "(service web) has started 2 tasks: (task " + taskId(failed(bad).get(2)) + ") (task "
                        + taskId(failed(bad).get(3)) + ").");

        // The old tasks never stopped, so the rollback completes at the next pass.
        clock.advance(seconds(5));
        service = ecs.describeService("prod", "web");
        assertThat(service.path("deployments")).hasSize(1);
        assertThat(deployment(service, "PRIMARY").path("id").asText()).isEqualTo(good);
        assertThat(deployment(service, "PRIMARY").path("rolloutState").asText()).isEqualTo("COMPLETED");
        assertThat(deployment(service, "PRIMARY").path("rolloutStateReason").asText())
                .isEqualTo("ECS deployment " + good + " completed.");
        assertThat(messages(service).subList(0, 2)).containsExactly(
                "(service web) has reached a steady state.",
                "(service web) (deployment " + good + ") deployment completed.");
        assertThat(sim.ecsServices().verdictAt(good)).contains(updatedAt.plusSeconds(45));
        assertThat(sim.ecsServices().verdictAt(bad)).contains(updatedAt.plusSeconds(40));
        ScenarioHealthyTest.assertNewestFirstWithoutDuplicates(service);
    }

    private List<String> failed(String deploymentId) {
        return ecs.listTasks("prod", "\"startedBy\":\"" + deploymentId + "\",\"desiredStatus\":\"STOPPED\"");
    }

    @Test
    void failedNoRollback_staysPrimaryAndStartsNothingMore() {
        serviceOnV1(true, true);
        sim.ecsServices().scenario("web", Scenario.FAILED_NO_ROLLBACK);
        String bad = deployment(ecs.updateService("prod", "web", v2), "PRIMARY").path("id").asText();

        clock.advance(Duration.ofMinutes(10));

        JsonNode service = ecs.describeService("prod", "web");
        JsonNode primary = deployment(service, "PRIMARY");
        assertThat(primary.path("id").asText()).isEqualTo(bad);
        assertThat(primary.path("rolloutState").asText()).isEqualTo("FAILED");
        assertThat(primary.path("rolloutStateReason").asText()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(deployment(service, "ACTIVE").path("runningCount").asInt()).isEqualTo(2);
        assertThat(service.path("runningCount").asInt()).isEqualTo(2);
        assertThat(failed(bad)).hasSize(4);
        assertThat(ecs.listTasks("prod", "\"startedBy\":\"" + bad + "\"")).isEmpty();
        assertThat(messages(service).get(0)).isEqualTo("(service web) (deployment " + bad + ") deployment failed: tasks failed to start.");
        assertThat(messages(service)).noneMatch(message -> message.contains("rolling back"));
    }

    @Test
    void firstDeployment_hasNothingToRollBackTo() {
        sim.ecsServices().scenario("web", Scenario.CANNOT_PULL);
        ecs.createService("prod", "web", v2, 1, true, true);

        // Desired 1: one failure per 20 s, so the threshold of 3 falls at +60 s.
        clock.advance(seconds(60));

        JsonNode service = ecs.describeService("prod", "web");
        assertThat(service.path("deployments")).hasSize(1);
        JsonNode primary = deployment(service, "PRIMARY");
        assertThat(primary.path("rolloutState").asText()).isEqualTo("FAILED");
        assertThat(primary.path("failedTasks").asInt()).isEqualTo(3);
        assertThat(sim.ecsServices().verdictAt(primary.path("id").asText())).contains(START.plusSeconds(60));
    }

    @Test
    void withoutTheCircuitBreaker_ecsKeepsTrying() {
        serviceOnV1(false, false);
        sim.ecsServices().scenario("web", Scenario.CANNOT_PULL);
        String bad = deployment(ecs.updateService("prod", "web", v2), "PRIMARY").path("id").asText();

        clock.advance(Duration.ofMinutes(10));

        JsonNode primary = deployment(ecs.describeService("prod", "web"), "PRIMARY");
        assertThat(primary.path("id").asText()).isEqualTo(bad);
        assertThat(primary.path("rolloutState").asText()).isEqualTo("IN_PROGRESS");
        assertThat(primary.path("failedTasks").asInt()).isEqualTo(60);
        assertThat(sim.ecsServices().verdictAt(bad)).isEmpty();
    }

    @Test
    void threshold_isHalfTheDesiredCountBetween3And200() {
        assertThat(List.of(0, 1, 2, 6, 7, 10, 399, 400, 1000)).map(EcsScheduler::threshold)
                .containsExactly(3, 3, 3, 3, 4, 5, 200, 200, 200);
    }

    @Test
    void auto_failsOnATagNeverPushedToTheFrontedRegistry() {
        try (FakeRegistry registry = FakeRegistry.start("pw", 100)) {
            sim.ecr().registry(registry.endpoint(), "pw");
            sim.ecsServices().ecr(sim.ecr());
            registry.put("shop", "1.0", FakeRegistry.OCI_MANIFEST, FakeRegistry.imageManifest(
                    FakeRegistry.OCI_MANIFEST, "application/vnd.oci.image.config.v1+json", 100));
            String host = registry.endpoint().getAuthority();
            String pushed = ecs.register("shop", host + "/shop:1.0");
            String ecrImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:2.0";
            String neverPushed = ecs.register("shop", ecrImage);
            String elsewhere = ecs.register("shop", "public.ecr.aws/nginx/nginx:unknown-tag");
            ecs.createService("prod", "shop", pushed, 1, true, true);
            clock.advance(Duration.ofMinutes(2));
            String good = deployment(ecs.describeService("prod", "shop"), "PRIMARY").path("id").asText();
            assertThat(sim.ecsServices().verdictAt(good)).isPresent();

            String bad = deployment(ecs.updateService("prod", "shop", neverPushed), "PRIMARY").path("id").asText();
            clock.advance(Duration.ofMinutes(2));

            JsonNode service = ecs.describeService("prod", "shop");
            assertThat(deployment(service, "PRIMARY").path("id").asText()).isEqualTo(good);
            JsonNode task = ecs.describeTasks("prod", failed(bad)).get(0);
            assertThat(task.path("stoppedReason").asText()).isEqualTo("CannotPullContainerError: pull image manifest has"
                    + " been retried 7 time(s): failed to resolve ref " + ecrImage + ": " + ecrImage + ": not found");

            // Only the fronted registry is checked; other registries' images count as present.
            String elsewhereId = deployment(ecs.updateService("prod", "shop", elsewhere), "PRIMARY").path("id").asText();
            clock.advance(Duration.ofMinutes(3));
            assertThat(deployment(ecs.describeService("prod", "shop"), "PRIMARY").path("id").asText()).isEqualTo(elsewhereId);
            assertThat(deployment(ecs.describeService("prod", "shop"), "PRIMARY").path("rolloutState").asText())
                    .isEqualTo("COMPLETED");
        }
    }
}
