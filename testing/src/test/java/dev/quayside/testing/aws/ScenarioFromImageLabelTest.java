package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.EcsWire.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.HttpPush;
import dev.quayside.testing.registry.RegistryExtension;
import dev.quayside.testing.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * AUTO follows the image: an image in the fronted registry whose config carries the label
 * {@code dev.quayside.simulator.scenario} behaves as that scenario, so that a simulator run as a
 * process (the demo) can fail one release on its health checks and not the others.
 */
class ScenarioFromImageLabelTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();

    @TempDir
    Path tmp;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-01T10:00:00Z"));
    private AwsSimulator sim;
    private EcsWire ecs;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        sim.ecr().registry(registry.endpoint(), registry.password());
        sim.ecsServices().ecr(sim.ecr());
        ecs = new EcsWire(sim.endpoint());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anImageLabelledToFailItsHealthChecks_failsThem_andTheCircuitBreakerRollsBack() throws Exception {
        String host = registry.endpoint().getAuthority();
        HttpPush.push(registry, ImageFixture.builder().seed(1).writeOciLayout(tmp.resolve("good")), "shop", "1.0");
        HttpPush.push(registry, ImageFixture.builder().seed(2).label(EcsImages.SCENARIO_LABEL, "FAILING_HEALTH_CHECK")
                .writeOciLayout(tmp.resolve("broken")), "shop", "1.2");
        String good = ecs.register("shop", host + "/shop:1.0");
        String broken = ecs.register("shop", host + "/shop:1.2");
        ecs.createCluster("prod");
        ecs.createService("prod", "shop", good, 2, true, true);
        clock.advance(Duration.ofMinutes(3));
        String first = deployment(ecs.describeService("prod", "shop"), "PRIMARY").path("id").asText();
        assertThat(deployment(ecs.describeService("prod", "shop"), "PRIMARY").path("rolloutState").asText()).isEqualTo("COMPLETED");

        String bad = deployment(ecs.updateService("prod", "shop", broken), "PRIMARY").path("id").asText();
        clock.advance(Duration.ofMinutes(15));

        JsonNode service = ecs.describeService("prod", "shop");
        assertThat(deployment(service, "PRIMARY").path("id").asText()).as("rolled back to the good deployment").isEqualTo(first);
        assertThat(service.path("events").toString()).contains("failed container health checks");
        assertThat(sim.ecsServices().verdictAt(bad)).isPresent();
    }

    @Test
    void aRunTaskOfAnImageLabelledWithAnExitCode_exitsWithIt_unlessTheFamilyIsConfigured() throws Exception {
        String host = registry.endpoint().getAuthority();
        HttpPush.push(registry, ImageFixture.builder().seed(3).label(EcsImages.EXIT_CODE_LABEL, "2")
                .writeOciLayout(tmp.resolve("migrate")), "shop-migrate", "1.2");
        ecs.register("shop-migrate", host + "/shop-migrate:1.2");
        ecs.register("other-migrate", host + "/shop-migrate:1.2");
        sim.ecsServices().runTaskExitCode("other-migrate", 0);
        ecs.createCluster("prod");
        String network = ",\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-12345678\"]}}";
        String labelled = ecs.call("RunTask", "{\"cluster\":\"prod\",\"taskDefinition\":\"shop-migrate\"" + network + "}")
                .path("tasks").path(0).path("taskArn").asText();
        String configured = ecs.call("RunTask", "{\"cluster\":\"prod\",\"taskDefinition\":\"other-migrate\"" + network + "}")
                .path("tasks").path(0).path("taskArn").asText();

        clock.advance(Duration.ofMinutes(1));

        JsonNode tasks = ecs.call("DescribeTasks", "{\"cluster\":\"prod\",\"tasks\":[\"" + labelled + "\",\"" + configured + "\"]}")
                .path("tasks");
        assertThat(tasks.path(0).path("stopCode").asText()).isEqualTo("EssentialContainerExited");
        assertThat(tasks.path(0).path("containers").path(0).path("exitCode").asInt()).isEqualTo(2);
        assertThat(tasks.path(1).path("containers").path(0).path("exitCode").asInt()).isZero();
    }
}
