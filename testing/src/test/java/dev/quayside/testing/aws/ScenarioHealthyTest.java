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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rollouts whose tasks come up: HEALTHY and SLOW, on a clock that moves only when the test moves it. */
class ScenarioHealthyTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    private final MutableClock clock = MutableClock.at(START);
    private AwsSimulator sim;
    private EcsWire ecs;
    private String v1;
    private String v2;

    @BeforeEach
    void createServiceOnV1() {
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = new EcsWire(sim.endpoint());
        ecs.createCluster("prod");
        v1 = ecs.register("web", "nginx:1.27");
        v2 = ecs.register("web", "nginx:1.28");
        ecs.createService("prod", "web", v1, 2, true, true);
        clock.advance(Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void createService_rollsOutItsFirstDeploymentLikeAnyOther() {
        JsonNode service = ecs.describeService("prod", "web");

        assertThat(service.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(service.path("deployments")).hasSize(1);
        JsonNode primary = deployment(service, "PRIMARY");
        String id = primary.path("id").asText();
        assertThat(id).matches("ecs-svc/[1-9][0-9]{18}");
        assertThat(primary.path("rolloutState").asText()).isEqualTo("COMPLETED");
        assertThat(primary.path("rolloutStateReason").asText()).isEqualTo("ECS deployment " + id + " completed.");
        assertThat(sim.ecsServices().verdictAt(id)).contains(START.plusSeconds(70));
        List<String> tasks = ecs.listTasks("prod", "\"serviceName\":\"web\"");
        assertThat(messages(service)).containsExactly(
                "(service web) has reached a steady state.",
                "(service web) (deployment " + id + ") deployment completed.",
                "(service web) has started 2 tasks: (task " + taskId(tasks.get(0)) + ") (task " + taskId(tasks.get(1)) + ").");
    }

    @Test
    void updateService_replacesTheTasksAndCompletes() {
        Instant updatedAt = clock.instant();
        String old = deployment(ecs.describeService("prod", "web"), "PRIMARY").path("id").asText();
        List<String> oldTasks = ecs.listTasks("prod", "\"serviceName\":\"web\"");

        JsonNode updated = ecs.updateService("prod", "web", v2);

        JsonNode primary = deployment(updated, "PRIMARY");
        String id = primary.path("id").asText();
        assertThat(id).matches("ecs-svc/[0-9]{19}").isNotEqualTo(old);
        assertThat(updated.path("taskDefinition").asText()).isEqualTo(v2);
        assertThat(primary.path("taskDefinition").asText()).isEqualTo(v2);
        assertThat(primary.path("rolloutState").asText()).isEqualTo("IN_PROGRESS");
        assertThat(primary.path("rolloutStateReason").asText()).isEqualTo("ECS deployment " + id + " in progress.");
        assertThat(primary.path("createdAt").decimalValue().longValue()).isEqualTo(updatedAt.getEpochSecond());
        assertThat(deployment(updated, "ACTIVE").path("id").asText()).isEqualTo(old);
        assertThat(deployment(updated, "ACTIVE").path("rolloutState").asText()).isEqualTo("COMPLETED");

        // +5 s: the scheduler places two tasks, started by the deployment.
        clock.advance(seconds(5));
        List<String> tasks = ecs.listTasks("prod", "\"startedBy\":\"" + id + "\"");
        assertThat(tasks).hasSize(2);
        JsonNode service = ecs.describeService("prod", "web");
        assertThat(messages(service).get(0)).isEqualTo("(service web) has started 2 tasks: (task " + taskId(tasks.get(0))
                + ") (task " + taskId(tasks.get(1)) + ").");
        assertThat(deployment(service, "PRIMARY").path("pendingCount").asInt()).isEqualTo(2);
        JsonNode task = ecs.describeTasks("prod", tasks).get(0);
        assertThat(task.path("lastStatus").asText()).isEqualTo("PROVISIONING");
        assertThat(task.path("group").asText()).isEqualTo("service:web");
        assertThat(task.path("startedBy").asText()).isEqualTo(id);
        assertThat(task.path("taskDefinitionArn").asText()).isEqualTo(v2);
        assertThat(task.path("containers").get(0).path("image").asText()).isEqualTo("nginx:1.28");

        clock.advance(seconds(10));
        assertThat(ecs.describeTasks("prod", tasks).get(0).path("lastStatus").asText()).isEqualTo("PENDING");
        clock.advance(seconds(20));
        task = ecs.describeTasks("prod", tasks).get(0);
        assertThat(task.path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(task.path("healthStatus").asText()).isEqualTo("UNKNOWN");
        assertThat(ecs.describeService("prod", "web").path("runningCount").asInt()).isEqualTo(4);

        // +65 s healthy; +70 s the old tasks begin to drain.
        clock.advance(seconds(30));
        assertThat(ecs.describeTasks("prod", tasks).get(0).path("healthStatus").asText()).isEqualTo("HEALTHY");
        clock.advance(seconds(5));
        service = ecs.describeService("prod", "web");
        assertThat(messages(service).get(0)).isEqualTo("(service web) has stopped 2 running tasks: (task "
                + taskId(oldTasks.get(0)) + ") (task " + taskId(oldTasks.get(1)) + ").");
        JsonNode draining = ecs.describeTasks("prod", oldTasks).get(0);
        assertThat(draining.path("desiredStatus").asText()).isEqualTo("STOPPED");
        assertThat(draining.path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(draining.path("stopCode").asText()).isEqualTo("ServiceSchedulerInitiated");
        assertThat(draining.path("stoppedReason").asText()).isEqualTo("Scaling activity initiated by (deployment " + id + ")");
        assertThat(ecs.listTasks("prod", "\"serviceName\":\"web\"")).containsExactlyElementsOf(tasks);

        clock.advance(seconds(30));
        JsonNode stopped = ecs.describeTasks("prod", oldTasks).get(0);
        assertThat(stopped.path("lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(stopped.path("containers").get(0).path("exitCode").asInt()).isZero();
        assertThat(deployment(ecs.describeService("prod", "web"), "PRIMARY").path("rolloutState").asText())
                .isEqualTo("IN_PROGRESS");

        clock.advance(seconds(5));
        service = ecs.describeService("prod", "web");
        assertThat(service.path("deployments")).hasSize(1);
        primary = deployment(service, "PRIMARY");
        assertThat(primary.path("rolloutState").asText()).isEqualTo("COMPLETED");
        assertThat(primary.path("rolloutStateReason").asText()).isEqualTo("ECS deployment " + id + " completed.");
        assertThat(primary.path("runningCount").asInt()).isEqualTo(2);
        assertThat(service.path("runningCount").asInt()).isEqualTo(2);
        assertThat(sim.ecsServices().verdictAt(id)).contains(updatedAt.plusSeconds(105));
        assertThat(messages(service).subList(0, 5)).containsExactly(
                "(service web) has reached a steady state.",
                "(service web) (deployment " + id + ") deployment completed.",
                "(service web) has stopped 2 running tasks: (task " + taskId(oldTasks.get(0)) + ") (task "
                        + taskId(oldTasks.get(1)) + ").",
                "(service web) has started 2 tasks: (task " + taskId(tasks.get(0)) + ") (task " + taskId(tasks.get(1)) + ").",
                "(service web) has reached a steady state.");
        assertNewestFirstWithoutDuplicates(service);
    }

    @Test
    void slow_tasksTakeFourMinutesToBecomeHealthy() {
        sim.ecsServices().scenario("web", Scenario.SLOW);
        Instant updatedAt = clock.instant();
        String id = deployment(ecs.updateService("prod", "web", v2), "PRIMARY").path("id").asText();

        clock.advance(Duration.ofMinutes(3));
        JsonNode service = ecs.describeService("prod", "web");
        assertThat(deployment(service, "PRIMARY").path("rolloutState").asText()).isEqualTo("IN_PROGRESS");
        assertThat(deployment(service, "PRIMARY").path("runningCount").asInt()).isEqualTo(2);
        List<String> tasks = ecs.listTasks("prod", "\"startedBy\":\"" + id + "\"");
        assertThat(ecs.describeTasks("prod", tasks).get(0).path("healthStatus").asText()).isEqualTo("UNKNOWN");

        clock.advance(Duration.ofMinutes(5));
        // placement 5 + provisioning 10 + pending 20 + health 240 + placement 5 + drain 30 + placement 5
        assertThat(sim.ecsServices().verdictAt(id)).contains(updatedAt.plusSeconds(315));
        assertThat(ecs.describeService("prod", "web").path("deployments")).hasSize(1);
    }

    @Test
    void scalingAlone_keepsTheDeploymentAndReachesASteadyStateAgain() {
        String id = deployment(ecs.describeService("prod", "web"), "PRIMARY").path("id").asText();

        JsonNode scaled = ecs.call("UpdateService", "{\"cluster\":\"prod\",\"service\":\"web\",\"desiredCount\":3}")
                .path("service");

        assertThat(scaled.path("desiredCount").asInt()).isEqualTo(3);
        assertThat(scaled.path("deployments")).hasSize(1);
        assertThat(deployment(scaled, "PRIMARY").path("id").asText()).isEqualTo(id);
        clock.advance(Duration.ofMinutes(2));
        JsonNode service = ecs.describeService("prod", "web");
        assertThat(service.path("runningCount").asInt()).isEqualTo(3);
        assertThat(messages(service).get(0)).isEqualTo("(service web) has reached a steady state.");
        assertThat(messages(service).get(1)).startsWith("(service web) has started 1 tasks: (task ");
    }

    @Test
    void sameTaskDefinition_startsNoDeploymentUnlessForced() {
        String id = deployment(ecs.describeService("prod", "web"), "PRIMARY").path("id").asText();

        assertThat(ecs.updateService("prod", "web", v1).path("deployments")).hasSize(1);
        JsonNode forced = ecs.call("UpdateService",
                "{\"cluster\":\"prod\",\"service\":\"web\",\"forceNewDeployment\":true}").path("service");

        assertThat(forced.path("deployments")).hasSize(2);
        assertThat(deployment(forced, "PRIMARY").path("id").asText()).isNotEqualTo(id);
        assertThat(deployment(forced, "PRIMARY").path("taskDefinition").asText()).isEqualTo(v1);
    }

    @Test
    void anotherUpdateMidRollout_takesOverAndTheFirstNeverGetsAVerdict() {
        String v3 = ecs.register("web", "nginx:1.29");
        String first = deployment(ecs.updateService("prod", "web", v2), "PRIMARY").path("id").asText();
        clock.advance(seconds(40));

        JsonNode second = ecs.updateService("prod", "web", v3);

        String id = deployment(second, "PRIMARY").path("id").asText();
        assertThat(second.path("deployments")).extracting(d -> d.path("id").asText()).hasSize(3).contains(first);
        assertThat(deployment(second, "PRIMARY").path("taskDefinition").asText()).isEqualTo(v3);
        clock.advance(Duration.ofMinutes(3));
        JsonNode service = ecs.describeService("prod", "web");
        assertThat(service.path("deployments")).hasSize(1);
        assertThat(deployment(service, "PRIMARY").path("id").asText()).isEqualTo(id);
        assertThat(sim.ecsServices().verdictAt(id)).isPresent();
        assertThat(sim.ecsServices().verdictAt(first)).isEmpty();
        assertThat(ecs.describeTasks("prod", ecs.listTasks("prod", "\"serviceName\":\"web\"")))
                .allSatisfy(task -> assertThat(task.path("taskDefinitionArn").asText()).isEqualTo(v3));
    }

    static void assertNewestFirstWithoutDuplicates(JsonNode service) {
        JsonNode events = service.path("events");
        assertThat(events.size()).isLessThanOrEqualTo(100);
        Set<String> ids = new HashSet<>();
        double previous = Double.MAX_VALUE;
        for (JsonNode event : events) {
            assertThat(ids.add(event.path("id").asText())).as("duplicate event id").isTrue();
            assertThat(event.path("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(event.path("createdAt").isNumber()).isTrue();
            assertThat(event.path("createdAt").doubleValue()).isLessThanOrEqualTo(previous);
            previous = event.path("createdAt").doubleValue();
        }
    }

    @Test
    void jitter_spreadsTheRolloutsOfIdenticalServices() {
        sim.ecsServices().jitter(0.3);
        ecs.createService("prod", "web-b", v1, 2, true, true);
        ecs.createService("prod", "web-c", v1, 2, true, true);
        clock.advance(Duration.ofMinutes(5));

        Set<Instant> verdicts = new HashSet<>();
        for (String name : List.of("web-b", "web-c")) {
            String id = deployment(ecs.describeService("prod", name), "PRIMARY").path("id").asText();
            verdicts.add(sim.ecsServices().verdictAt(id).orElseThrow());
        }
        assertThat(verdicts).hasSize(2);
    }
}
