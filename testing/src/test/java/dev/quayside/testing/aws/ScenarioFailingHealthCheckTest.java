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
import org.junit.jupiter.api.Test;

/** Tasks that run but fail their container health checks, until the circuit breaker rolls back. */
class ScenarioFailingHealthCheckTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2025-03-01T12:00:00Z"));
    private final AwsSimulator sim = AwsSimulator.builder().clock(clock).start();
    private final EcsWire ecs = new EcsWire(sim.endpoint());

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void unhealthyTasksAreReplacedUntilTheBreakerRollsBack() {
        ecs.createCluster("prod");
        String v1 = ecs.register("api", "nginx:1.27");
        String v2 = ecs.register("api", "nginx:1.28");
        ecs.createService("prod", "api", v1, 2, true, true);
        clock.advance(Duration.ofMinutes(5));
        String good = deployment(ecs.describeService("prod", "api"), "PRIMARY").path("id").asText();
        sim.ecsServices().scenario("api", Scenario.FAILING_HEALTH_CHECK);
        Instant updatedAt = clock.instant();
        String bad = deployment(ecs.updateService("prod", "api", v2), "PRIMARY").path("id").asText();

        // +65 s: RUNNING since +35 s, the health checks fail and the scheduler stops both.
        clock.advance(seconds(65));
        JsonNode service = ecs.describeService("prod", "api");
        List<String> first = stopped(bad);
        assertThat(first).hasSize(2);
        assertThat(messages(service).subList(0, 4)).containsExactly(
                "(service api) has stopped 1 running tasks: (task " + taskId(first.get(1)) + ").",
                "(service api) (task " + taskId(first.get(1)) + ") failed container health checks.",
                "(service api) has stopped 1 running tasks: (task " + taskId(first.get(0)) + ").",
                "(service api) (task " + taskId(first.get(0)) + ") failed container health checks.");
        assertThat(deployment(service, "PRIMARY").path("failedTasks").asInt()).isEqualTo(2);
        JsonNode stopping = ecs.describeTasks("prod", first).get(0);
        assertThat(stopping.path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(stopping.path("desiredStatus").asText()).isEqualTo("STOPPED");
        assertThat(stopping.path("healthStatus").asText()).isEqualTo("UNHEALTHY");
        assertThat(stopping.path("stopCode").asText()).isEqualTo("ServiceSchedulerInitiated");
        assertThat(stopping.path("stoppedReason").asText()).isEqualTo("Task failed container health checks");

        // +95 s they are gone (SIGKILL after the stop timeout); +100 s two replacements start.
        clock.advance(seconds(30));
        JsonNode killed = ecs.describeTasks("prod", first).get(0);
        assertThat(killed.path("lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(killed.path("containers").get(0).path("exitCode").asInt()).isEqualTo(137);
        assertThat(killed.path("containers").get(0).path("healthStatus").asText()).isEqualTo("UNHEALTHY");
        clock.advance(seconds(5));
        List<String> replacements = ecs.listTasks("prod", "\"startedBy\":\"" + bad + "\"");
        assertThat(messages(ecs.describeService("prod", "api")).get(0)).isEqualTo("(service api) has started 2 tasks: (task "
                + taskId(replacements.get(0)) + ") (task " + taskId(replacements.get(1)) + ")."
                + " Amazon ECS replaced 2 tasks due to an unhealthy status.");

        // +160 s the replacements fail too: 4 >= 3 trips the breaker.
        clock.advance(seconds(60));
        service = ecs.describeService("prod", "api");
        assertThat(deployment(service, "PRIMARY").path("id").asText()).isEqualTo(good);
        assertThat(deployment(service, "ACTIVE").path("rolloutState").asText()).isEqualTo("FAILED");
        assertThat(sim.ecsServices().verdictAt(bad)).contains(updatedAt.plusSeconds(160));
        assertThat(messages(service)).contains(
                "(service api) (deployment " + bad + ") deployment failed: tasks failed to start.",
                "(service api) rolling back to deployment " + good + ".");

        // The failed tasks drain for 30 s; then only the old tasks are left and the rollback completes.
        clock.advance(seconds(30));
        assertThat(deployment(ecs.describeService("prod", "api"), "PRIMARY").path("rolloutState").asText())
                .isEqualTo("IN_PROGRESS");
        clock.advance(seconds(5));
        service = ecs.describeService("prod", "api");
        assertThat(service.path("deployments")).hasSize(1);
        assertThat(deployment(service, "PRIMARY").path("rolloutState").asText()).isEqualTo("COMPLETED");
        assertThat(sim.ecsServices().verdictAt(good)).contains(updatedAt.plusSeconds(195));
        ScenarioHealthyTest.assertNewestFirstWithoutDuplicates(service);
    }

    private List<String> stopped(String deploymentId) {
        return ecs.listTasks("prod", "\"startedBy\":\"" + deploymentId + "\",\"desiredStatus\":\"STOPPED\"");
    }
}
