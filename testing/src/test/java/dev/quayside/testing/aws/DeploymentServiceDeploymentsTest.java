package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.EcsWire.deployment;
import static dev.quayside.testing.aws.EcsWire.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListServiceDeployments and DescribeServiceDeployments, and how they link to DescribeServices. */
class DeploymentServiceDeploymentsTest {

    private static final String SERVICE_ARN = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
    private static final String REVISION_PREFIX = "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/";

    private final MutableClock clock = MutableClock.at(Instant.parse("2025-03-01T12:00:00Z"));
    private AwsSimulator sim;
    private EcsWire ecs;
    private String v1;
    private String v2;
    private String first;

    @BeforeEach
    void serviceOnV1() {
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = new EcsWire(sim.endpoint());
        ecs.createCluster("prod");
        v1 = ecs.register("web", "nginx:1.27");
        v2 = ecs.register("web", "nginx:1.28");
        first = deployment(ecs.createService("prod", "web", v1, 2, true, true), "PRIMARY").path("id").asText();
        clock.advance(Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private JsonNode list(String filter) {
        return ecs.call("ListServiceDeployments", "{\"cluster\":\"prod\",\"service\":\"web\"" + filter + "}")
                .path("serviceDeployments");
    }

    private JsonNode describe(String arn) {
        JsonNode answer = ecs.call("DescribeServiceDeployments", "{\"serviceDeploymentArns\":[\"" + arn + "\"]}");
        assertThat(answer.path("failures")).isEmpty();
        return answer.path("serviceDeployments").get(0);
    }

    @Test
    void aServiceDeploymentTargetsTheRevisionNumberedLikeTheDeployment() {
        JsonNode updated = ecs.updateService("prod", "web", v2);
        String id = deployment(updated, "PRIMARY").path("id").asText();

        JsonNode briefs = list("");

        assertThat(briefs).hasSize(2);
        JsonNode brief = briefs.get(0);
        String arn = brief.path("serviceDeploymentArn").asText();
        assertThat(arn).matches("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/[A-Za-z0-9_-]{21}");
        assertThat(updated.path("currentServiceDeployment").asText()).isEqualTo(arn);
        assertThat(brief.path("targetServiceRevisionArn").asText())
                .isEqualTo(REVISION_PREFIX + id.substring("ecs-svc/".length()));
        assertThat(brief.path("status").asText()).isEqualTo("PENDING");
        assertThat(brief.path("serviceArn").asText()).isEqualTo(SERVICE_ARN);
        assertThat(briefs.get(1).path("targetServiceRevisionArn").asText())
                .isEqualTo(REVISION_PREFIX + first.substring("ecs-svc/".length()));
        assertThat(briefs.get(1).path("status").asText()).isEqualTo("SUCCESSFUL");

        clock.advance(seconds(5));
        JsonNode running = describe(arn);
        assertThat(running.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(running.path("startedAt").decimalValue().longValue())
                .isEqualTo(running.path("createdAt").decimalValue().longValue() + 5);
        assertThat(running.path("sourceServiceRevisions").get(0).path("arn").asText())
                .isEqualTo(REVISION_PREFIX + first.substring("ecs-svc/".length()));
        assertThat(running.path("deploymentCircuitBreaker").path("status").asText()).isEqualTo("MONITORING");
        assertThat(running.path("deploymentCircuitBreaker").path("threshold").asInt()).isEqualTo(3);

        clock.advance(Duration.ofMinutes(2));
        JsonNode done = describe(arn);
        assertThat(done.path("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(done.path("deploymentCircuitBreaker").path("status").asText()).isEqualTo("MONITORING_COMPLETE");
        assertThat(done.path("targetServiceRevision").path("runningTaskCount").asInt()).isEqualTo(2);
        assertThat(done.path("finishedAt").decimalValue().longValue())
                .isEqualTo(sim.ecsServices().verdictAt(id).orElseThrow().getEpochSecond());
    }

    @Test
    void aRollbackIsTheFailedServiceDeploymentsRollbackNotANewOne() {
        sim.ecsServices().scenario("web", Scenario.CANNOT_PULL);
        ecs.updateService("prod", "web", v2);
        String arn = list("").get(0).path("serviceDeploymentArn").asText();

        clock.advance(seconds(40));
        JsonNode requested = describe(arn);
        assertThat(requested.path("status").asText()).isEqualTo("ROLLBACK_REQUESTED");
        assertThat(requested.path("statusReason").asText()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(requested.path("deploymentCircuitBreaker").path("status").asText()).isEqualTo("TRIGGERED");
        assertThat(requested.path("deploymentCircuitBreaker").path("failureCount").asInt()).isEqualTo(4);
        assertThat(requested.path("rollback").path("serviceRevisionArn").asText())
                .isEqualTo(REVISION_PREFIX + first.substring("ecs-svc/".length()));
        assertThat(requested.path("rollback").path("startedAt").decimalValue().longValue())
                .isEqualTo(clock.instant().getEpochSecond());

        clock.advance(seconds(5));
        assertThat(describe(arn).path("status").asText()).isEqualTo("ROLLBACK_SUCCESSFUL");
        assertThat(list("")).hasSize(2);
        assertThat(list(",\"status\":[\"ROLLBACK_SUCCESSFUL\"]")).extracting(b -> b.path("serviceDeploymentArn").asText())
                .containsExactly(arn);
    }

    @Test
    void failedWithoutRollback_isStopped() {
        sim.ecsServices().scenario("web", Scenario.FAILED_NO_ROLLBACK);
        ecs.updateService("prod", "web", v2);
        String arn = list("").get(0).path("serviceDeploymentArn").asText();

        clock.advance(Duration.ofMinutes(2));

        JsonNode stopped = describe(arn);
        assertThat(stopped.path("status").asText()).isEqualTo("STOPPED");
        assertThat(stopped.path("stoppedAt").isNumber()).isTrue();
        assertThat(stopped.has("rollback")).isFalse();
    }

    @Test
    void aNewerUpdate_stopsTheOngoingServiceDeployment() {
        String v3 = ecs.register("web", "nginx:1.29");
        ecs.updateService("prod", "web", v2);
        String arn = list("").get(0).path("serviceDeploymentArn").asText();
        clock.advance(seconds(30));

        ecs.updateService("prod", "web", v3);

        JsonNode superseded = describe(arn);
        assertThat(superseded.path("status").asText()).isEqualTo("STOPPED");
        assertThat(list(",\"status\":[\"PENDING\",\"IN_PROGRESS\"]")).hasSize(1);
        assertThat(list(",\"createdAt\":{\"after\":" + clock.instant().getEpochSecond() + "}")).hasSize(1);
    }

    @Test
    void unknownArns_areMissing() {
        String unknown = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/AAAAAAAAAAAAAAAAAAAAA";

        JsonNode answer = ecs.call("DescribeServiceDeployments", "{\"serviceDeploymentArns\":[\"" + unknown + "\"]}");

        assertThat(answer.path("serviceDeployments")).isEmpty();
        assertThat(answer.path("failures").get(0).path("arn").asText()).isEqualTo(unknown);
        assertThat(answer.path("failures").get(0).path("reason").asText()).isEqualTo("MISSING");
        Wire.Response unknownService = ecs.post("ListServiceDeployments", "{\"cluster\":\"prod\",\"service\":\"nope\"}");
        assertThat(unknownService.json().path("__type").asText()).isEqualTo("ServiceNotFoundException");
    }

    @Test
    void withoutTheApi_bothOperationsAreUnsupported() {
        sim.ecsServices().serviceDeploymentsApi(false);

        Wire.Response listed = ecs.post("ListServiceDeployments", "{\"cluster\":\"prod\",\"service\":\"web\"}");
        Wire.Response described = ecs.post("DescribeServiceDeployments", "{\"serviceDeploymentArns\":[\"x\"]}");

        for (Wire.Response response : new Wire.Response[] {listed, described}) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("x-amzn-ErrorType")).isEqualTo("UnsupportedFeatureException");
        }
        // DescribeServices is unaffected and still names the service deployment.
        assertThat(ecs.describeService("prod", "web").path("currentServiceDeployment").asText())
                .startsWith("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/");
    }
}
