package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.EcsWire.deployment;
import static dev.quayside.testing.aws.EcsWire.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.testing.time.MutableClock;
import dev.quayside.testing.time.ScaledClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clusters, services and tasks over the wire: shapes, errors, deletion, limits, reproducibility. */
class EcsServicesTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    private final MutableClock clock = MutableClock.at(START);
    private AwsSimulator sim;
    private EcsWire ecs;
    private String v1;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = new EcsWire(sim.endpoint());
        v1 = ecs.register("web", "nginx:1.27");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static void assertError(Wire.Response response, String code, String message) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().path("__type").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isEqualTo(message);
    }

    @Test
    void createCluster_isIdempotentAndDescribable() {
        JsonNode created = ecs.call("CreateCluster", "{\"clusterName\":\"prod\"}").path("cluster");
        ecs.createCluster("prod");

        assertThat(created.path("clusterArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
        assertThat(created.path("clusterName").asText()).isEqualTo("prod");
        assertThat(created.path("status").asText()).isEqualTo("ACTIVE");
        JsonNode described = ecs.call("DescribeClusters", "{\"clusters\":[\"prod\",\"nope\"]}");
        assertThat(described.path("clusters")).hasSize(1);
        assertThat(described.path("failures").get(0).path("arn").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/nope");
        assertThat(described.path("failures").get(0).path("reason").asText()).isEqualTo("MISSING");

        ecs.createService("prod", "web", v1, 2, false, false);
        clock.advance(seconds(20));
        JsonNode cluster = ecs.call("DescribeClusters", "{\"clusters\":[\"arn:aws:ecs:us-east-1:123456789012:cluster/prod\"]}")
                .path("clusters").get(0);
        assertThat(cluster.path("pendingTasksCount").asInt()).isEqualTo(2);
        assertThat(cluster.path("activeServicesCount").asInt()).isEqualTo(1);
    }

    @Test
    void createService_answersTheServiceAsECSDoes() {
        ecs.createCluster("prod");

        JsonNode service = ecs.createService("prod", "web", v1, 2, true, false);

        assertThat(service.path("serviceArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:service/prod/web");
        assertThat(service.path("clusterArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
        assertThat(service.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(service.path("desiredCount").asInt()).isEqualTo(2);
        assertThat(service.path("runningCount").asInt()).isZero();
        assertThat(service.path("launchType").asText()).isEqualTo("FARGATE");
        assertThat(service.path("taskDefinition").asText()).isEqualTo(v1);
        assertThat(service.path("createdAt").isNumber()).isTrue();
        assertThat(service.path("createdAt").decimalValue().longValue()).isEqualTo(START.getEpochSecond());
        assertThat(service.path("deploymentConfiguration").toString()).isEqualTo("{\"deploymentCircuitBreaker\":"
                + "{\"enable\":true,\"rollback\":false},\"maximumPercent\":200,\"minimumHealthyPercent\":100}");
        assertThat(service.path("networkConfiguration").path("awsvpcConfiguration").path("subnets").get(0).asText())
                .isEqualTo("subnet-0123456789abcdef0");
        assertThat(service.path("events")).isEmpty();
        JsonNode primary = deployment(service, "PRIMARY");
        assertThat(primary.path("desiredCount").asInt()).isEqualTo(2);
        assertThat(primary.path("failedTasks").asInt()).isZero();
        assertThat(primary.path("launchType").asText()).isEqualTo("FARGATE");
        assertThat(primary.path("updatedAt").isNumber()).isTrue();
    }

    @Test
    void errors_carryECSsCodesAndMessages() {
        assertError(ecs.post("CreateService", "{\"cluster\":\"nope\",\"serviceName\":\"web\",\"taskDefinition\":\"web\"}"),
                "ClusterNotFoundException", "Cluster not found.");
        ecs.createCluster("prod");
        assertError(ecs.post("CreateService", "{\"cluster\":\"prod\",\"serviceName\":\"web\",\"taskDefinition\":\"nope:3\"}"),
                "ClientException", "TaskDefinition not found.");
        assertError(ecs.post("UpdateService", "{\"cluster\":\"prod\",\"service\":\"web\",\"desiredCount\":1}"),
                "ServiceNotFoundException", "");
        ecs.createService("prod", "web", v1, 1, false, false);
        assertError(ecs.post("CreateService", "{\"cluster\":\"prod\",\"serviceName\":\"web\",\"taskDefinition\":\"web\"}"),
                "InvalidParameterException", "Creation of service was not idempotent.");
        assertError(ecs.post("UpdateService", "{\"cluster\":\"prod\",\"service\":\"web\",\"taskDefinition\":\"web:9\"}"),
                "ClientException", "TaskDefinition not found.");
        assertError(ecs.post("DeleteService", "{\"cluster\":\"prod\",\"service\":\"web\"}"),
                "InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
        assertError(ecs.post("Frobnicate", "{}"), "UnknownOperationException",
                "Unknown operation AmazonEC2ContainerServiceV20141113.Frobnicate");
    }

    @Test
    void deleteService_drainsThenGoesInactiveThenMissing() {
        ecs.createCluster("prod");
        ecs.createService("prod", "web", v1, 2, true, true);
        clock.advance(Duration.ofMinutes(2));

        JsonNode deleted = ecs.call("DeleteService", "{\"cluster\":\"prod\",\"service\":\"web\",\"force\":true}")
                .path("service");

        assertThat(deleted.path("status").asText()).isEqualTo("DRAINING");
        assertThat(deleted.path("desiredCount").asInt()).isZero();
        assertError(ecs.post("UpdateService", "{\"cluster\":\"prod\",\"service\":\"web\",\"desiredCount\":1}"),
                "ServiceNotActiveException", "Service was not ACTIVE.");
        assertThat(ecs.call("ListServices", "{\"cluster\":\"prod\"}").path("serviceArns")).isEmpty();
        clock.advance(seconds(5));
        JsonNode draining = ecs.describeService("prod", "web");
        assertThat(draining.path("status").asText()).isEqualTo("DRAINING");
        assertThat(EcsWire.messages(draining).get(0)).startsWith("(service web) has stopped 2 running tasks: ");
        clock.advance(seconds(35));
        assertThat(ecs.describeService("prod", "web").path("status").asText()).isEqualTo("INACTIVE");
        assertThat(ecs.listTasks("prod", "")).isEmpty();

        clock.advance(Duration.ofHours(1));
        JsonNode gone = ecs.call("DescribeServices", "{\"cluster\":\"prod\",\"services\":[\"web\"]}");
        assertThat(gone.path("services")).isEmpty();
        assertThat(gone.path("failures").get(0).path("arn").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:service/prod/web");
        assertThat(gone.path("failures").get(0).path("reason").asText()).isEqualTo("MISSING");
        assertThat(ecs.createService("prod", "web", v1, 1, false, false).path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void tasks_areListedByServiceStatusFamilyAndStarter() {
        ecs.createCluster("prod");
        String id = deployment(ecs.createService("prod", "web", v1, 2, false, false), "PRIMARY").path("id").asText();
        clock.advance(Duration.ofMinutes(2));

        assertThat(ecs.listTasks("prod", "\"serviceName\":\"web\"")).hasSize(2);
        assertThat(ecs.listTasks("prod", "\"family\":\"web\"")).hasSize(2);
        assertThat(ecs.listTasks("prod", "\"family\":\"other\"")).isEmpty();
        assertThat(ecs.listTasks("prod", "\"startedBy\":\"" + id + "\"")).hasSize(2);
        assertThat(ecs.listTasks("prod", "\"desiredStatus\":\"STOPPED\"")).isEmpty();
        assertError(ecs.post("ListTasks", "{\"cluster\":\"prod\",\"serviceName\":\"nope\"}"), "ServiceNotFoundException", "");
        JsonNode page = ecs.call("ListTasks", "{\"cluster\":\"prod\",\"maxResults\":1}");
        assertThat(page.path("taskArns")).hasSize(1);
        assertThat(page.path("nextToken").asText()).isNotEmpty();

        JsonNode described = ecs.call("DescribeTasks", "{\"cluster\":\"prod\",\"tasks\":[\""
                + EcsWire.taskId(ecs.listTasks("prod", "").get(0)) + "\",\"0123456789abcdef0123456789abcdef\"]}");
        JsonNode task = described.path("tasks").get(0);
        assertThat(task.path("taskArn").asText()).matches("arn:aws:ecs:us-east-1:123456789012:task/prod/[0-9a-f]{32}");
        assertThat(task.path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(task.path("healthStatus").asText()).isEqualTo("HEALTHY");
        assertThat(task.path("startedAt").isNumber()).isTrue();
        assertThat(task.path("containers").get(0).path("name").asText()).isEqualTo("app");
        assertThat(task.path("containers").get(0).path("lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(described.path("failures").get(0).path("arn").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef");
    }

    @Test
    void loadBalancedServices_registerAndDeregisterTargets() {
        ecs.createCluster("prod");
        ecs.register("lb", "nginx:1.27", 80);
        String v2 = ecs.register("lb", "nginx:1.28", 80);
        String group = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";
        ecs.call("CreateService", "{\"cluster\":\"prod\",\"serviceName\":\"web\",\"taskDefinition\":\"lb:1\","
                + "\"desiredCount\":2,\"loadBalancers\":[{\"targetGroupArn\":\"" + group + "\",\"containerName\":\"app\","
                + "\"containerPort\":80}],\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-12345678\"]}}}");
        clock.advance(Duration.ofMinutes(2));

        ecs.updateService("prod", "web", v2);
        clock.advance(Duration.ofMinutes(2));

        JsonNode service = ecs.describeService("prod", "web");
        assertThat(service.path("loadBalancers").get(0).path("targetGroupArn").asText()).isEqualTo(group);
        assertThat(EcsWire.messages(service).subList(0, 7)).satisfiesExactly(
                m -> assertThat(m).isEqualTo("(service web) has reached a steady state."),
                m -> assertThat(m).endsWith(") deployment completed."),
                m -> assertThat(m).startsWith("(service web) has stopped 2 running tasks: "),
                m -> assertThat(m).isEqualTo("(service web) deregistered 2 targets in (target-group " + group + ")"),
                m -> assertThat(m).isEqualTo("(service web) has begun draining connections on 2 tasks."),
                m -> assertThat(m).isEqualTo("(service web) registered 2 targets in (target-group " + group + ")"),
                m -> assertThat(m).startsWith("(service web) has started 2 tasks: "));
    }

    @Test
    void events_keepTheNewestHundred() {
        ecs.createCluster("prod");
        ecs.createService("prod", "web", v1, 1, false, false);
        for (int i = 0; i < 60; i++) {
            ecs.call("UpdateService", "{\"cluster\":\"prod\",\"service\":\"web\",\"desiredCount\":" + (i % 2 + 1) + "}");
            clock.advance(Duration.ofMinutes(2));
        }

        JsonNode service = ecs.describeService("prod", "web");

        assertThat(service.path("events")).hasSize(100);
        assertThat(EcsWire.messages(service).get(0)).isEqualTo("(service web) has reached a steady state.");
        ScenarioHealthyTest.assertNewestFirstWithoutDuplicates(service);
    }

    @Test
    void throttling_comesFromTheCoresFaults() {
        ecs.createCluster("prod");
        ecs.createService("prod", "web", v1, 1, false, false);
        sim.failNext("DescribeServices", "ThrottlingException", "Rate exceeded", 400, 1);

        assertError(ecs.post("DescribeServices", "{\"cluster\":\"prod\",\"services\":[\"web\"]}"),
                "ThrottlingException", "Rate exceeded");
        assertThat(ecs.describeService("prod", "web").path("serviceName").asText()).isEqualTo("web");
        assertThat(sim.requests("DescribeServices")).extracting(RecordedRequest::errorCode)
                .containsExactly("ThrottlingException", null);
    }

    @Test
    void sameCallsAtSameTimes_giveSameAnswers() {
        String first = rollOutOnce();
        sim.close();
        clock.set(START);
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = new EcsWire(sim.endpoint());
        v1 = ecs.register("web", "nginx:1.27");

        assertThat(rollOutOnce()).isEqualTo(first);
    }

    private String rollOutOnce() {
        ecs.createCluster("prod");
        sim.ecsServices().scenario("web", Scenario.CANNOT_PULL);
        ecs.createService("prod", "web", v1, 2, true, true);
        clock.advance(Duration.ofMinutes(3));
        return ecs.describeService("prod", "web").toString()
                + ecs.describeTasks("prod", ecs.listTasks("prod", "\"desiredStatus\":\"STOPPED\""));
    }

    @Test
    void timings_areConfigurable() {
        sim.ecsServices().timings(new EcsServices.Timings(Duration.ZERO, seconds(1), seconds(1), seconds(1),
                seconds(1), seconds(1), seconds(1), Duration.ofHours(1), Duration.ofHours(1)));
        ecs.createCluster("prod");
        String id = deployment(ecs.createService("prod", "web", v1, 2, false, false), "PRIMARY").path("id").asText();

        clock.advance(seconds(3));

        assertThat(sim.ecsServices().verdictAt(id)).contains(START.plusSeconds(3));
    }

    @Test
    void scaledClock_runsTheFactorFaster() {
        MutableClock base = MutableClock.at(START);
        ScaledClock scaled = ScaledClock.startingAt(base, Instant.parse("2030-01-01T00:00:00Z"), 20);

        base.advance(Duration.ofMillis(3_050));

        assertThat(scaled.instant()).isEqualTo(Instant.parse("2030-01-01T00:01:01Z"));
        assertThat(ScaledClock.of(base, 0.5).instant()).isEqualTo(base.instant());
    }
}
