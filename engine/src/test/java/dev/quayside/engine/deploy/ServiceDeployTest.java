package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.EcrPusher;
import dev.quayside.engine.ecr.RepositoryOptions;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.preflight.Preflight;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.engine.taskdef.TaskDefinitionOverrides;
import dev.quayside.engine.taskdef.TaskDefinitionRequest;
import dev.quayside.engine.taskdef.TaskDefinitionService;
import dev.quayside.testing.aws.AwsCli;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.aws.Scenario;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import dev.quayside.testing.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The walk-through's service as a file (docs/examples/service.json), deployed for real against the
 * simulator and the registry it fronts: created (with its cluster) as the aws CLI would create it,
 * updated by a second deploy with a new image, Fargate Spot shown; and refused, with no change made,
 * when the file is broken or an image was never pushed.
 */
class ServiceDeployTest {
    private static final String REGION = "ap-southeast-1";
    private static final Path SERVICE_JSON = Path.of("..", "docs", "examples", "service.json").toAbsolutePath().normalize();
    private static final Path TASK_DEFINITION_JSON = Path.of("..", "docs", "examples", "task-definition.json").toAbsolutePath().normalize();

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-01T08:00:00Z"));
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));

    @TempDir
    Path tmp;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private Map<String, String> env;
    private EcsClient ecs;
    private EcrClient ecr;
    private CloudWatchLogsClient logs;
    private String cluster;

    @BeforeEach
    void setUp() {
        aws.ecr().registry(registry.endpoint(), registry.password());
        env = Map.of("AWS_ACCESS_KEY_ID", "AKIDSERVICE", "AWS_SECRET_ACCESS_KEY", "service-secret", "PATH", "/usr/bin:/bin");
        AwsSettings settings = AwsSettings.resolve(env, REGION, null, null, Map.of("ecs", aws.endpoint(), "ecr", aws.endpoint(), "logs", aws.endpoint()));
        ecs = AwsClients.ecs(settings);
        ecr = AwsClients.ecr(settings);
        logs = AwsClients.logs(settings);
        cluster = "myapp-cluster";
        aws.simulator().ecsServices().scenario("myapp-service", Scenario.HEALTHY);
    }

    @AfterEach
    void close() {
        ecs.close();
        ecr.close();
        logs.close();
    }

    /** Pushes an image as myapp:TAG and registers the example task definition with it; its ARN. */
    private String release(long seed, String tag) {
        String imageUri = new EcrPusher(ecr, RegistryPusher.create(events::add, Clock.systemUTC(), d -> { }), env, events::add)
                .push(EcrPushRequest.builder()
                        .source(ImageSourceSpec.parse("source", "oci:" + ImageFixture.builder().seed(seed).layerSizes(2_000).writeOciLayout(tmp.resolve("image-" + tag)).path()))
                        .target(ImageReference.parse("repository", "myapp")).tags(List.of(tag))
                        .repositoryOptions(RepositoryOptions.builder().createIfMissing(true).build()).build()).imageUri();
        return taskDefinitions().run(TaskDefinitionRequest.builder().file(TASK_DEFINITION_JSON)
                .overrides(TaskDefinitionOverrides.builder().image("myapp", imageUri).build()).createLogGroups(true).build())
                .registered().orElseThrow().taskDefinitionArn();
    }

    private TaskDefinitionService taskDefinitions() {
        return new TaskDefinitionService(ecs, logs, REGION, events::add, new Preflight(ecr, logs, REGION, events::add));
    }

    private DeployRequest.Builder request(String taskDefinition) {
        return DeployRequest.builder().cluster(cluster).service("myapp-service").taskDefinition(taskDefinition).serviceDefinition(SERVICE_JSON)
                .timeout(Duration.ofMinutes(15));
    }

    private DeploymentResult deploy(DeployRequest request) {
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        DeploymentWatcher watcher = new DeploymentWatcher(ecs, scheduler, clock, REGION);
        Watch watch = new Deployer(ecs, watcher, new Preflight(ecr, logs, REGION, events::add)).deploy(request, events::add, s -> { });
        scheduler.runUntil(watch.result()::isDone, Duration.ofMinutes(20));
        return watch.await();
    }

    private List<String> messages(String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Event::message).toList();
    }

    private static JsonNode body(RecordedRequest r) {
        ObjectNode body = (ObjectNode) r.body().deepCopy();
        body.remove("clientToken");
        return body;
    }

    @Test
    void createService_sendsWhatTheAwsCliSends_andCreatesTheClusterWithFargateSpot() {
        String td = release(1, "1.0");
        aws.clearJournal();

        DeploymentResult r = deploy(request(null).createCluster(true).build());

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
        RecordedRequest ours = aws.requests("CreateService").get(0);
        assertThat(ours.body().path("clientToken").asText()).as("a retried CreateService creates one service").isNotEmpty();
        Service created = ecs.describeServices(b -> b.cluster(cluster).services("myapp-service")).services().get(0);
        assertThat(created.capacityProviderStrategy()).extracting(i -> i.capacityProvider() + ":" + i.weight() + ":" + i.base())
                .containsExactly("FARGATE:1:1", "FARGATE_SPOT:3:0");
        assertThat(created.taskDefinition()).isEqualTo(td);
        assertThat(messages("deploy.cluster")).containsExactly("Created cluster " + cluster + " (capacity providers FARGATE, FARGATE_SPOT)");
        assertThat(messages("deploy.started")).singleElement().asString().startsWith("Created service myapp-service to myapp:1, capacity providers "
                + "FARGATE weight 1 base 1, FARGATE_SPOT weight 3: deployment ecs-svc/");
        assertThat(r.changes()).contains("--- (no service)", "+desiredCount: 2", "+capacityProviderStrategy: FARGATE weight 1 base 1, FARGATE_SPOT weight 3");

        // The same file through the aws CLI, once our service is gone: the same request, but for our client token.
        ecs.updateService(b -> b.cluster(cluster).service("myapp-service").desiredCount(0));
        ecs.deleteService(b -> b.cluster(cluster).service("myapp-service"));
        clock.advance(Duration.ofMinutes(5));
        AwsCli.Result cliRun = AwsCli.against(aws.endpoint(), tmp).region(REGION).credentials("AKIDCLI", "s")
                .run("ecs", "create-service", "--cli-input-json", "file://" + SERVICE_JSON);
        assertThat(cliRun.exitCode()).as(cliRun.stderr()).isZero();
        assertThat(cliRun.json().path("service").path("serviceName").asText()).isEqualTo("myapp-service");
        List<RecordedRequest> both = aws.requests("CreateService");
        ObjectNode cli = (ObjectNode) body(both.get(1));
        assertThat(body(ours)).isEqualTo(cli);
    }

    @Test
    void aSecondDeployWithANewImage_updatesTheService_andSaysWhatChanged() {
        release(1, "1.0");
        deploy(request(null).createCluster(true).build());
        String td2 = release(2, "1.1");
        events.clear();
        aws.clearJournal();

        DeploymentResult r = deploy(request(td2).build());

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
        assertThat(aws.requests("CreateService")).isEmpty();
        assertThat(aws.requests("UpdateService")).singleElement().satisfies(u -> {
            assertThat(u.body().path("taskDefinition").asText()).isEqualTo(td2);
            assertThat(u.body().path("networkConfiguration").path("awsvpcConfiguration").path("subnets").size()).isEqualTo(2);
            assertThat(u.body().has("serviceName")).as("create-only fields are not sent").isFalse();
        });
        assertThat(r.changes()).contains("-taskDefinition: myapp:1", "+taskDefinition: myapp:2");
        assertThat(r.changes()).anyMatch(l -> l.startsWith("-container myapp image: ") && l.endsWith("/myapp:1.0"))
                .anyMatch(l -> l.startsWith("+container myapp image: ") && l.endsWith("/myapp:1.1"));
        assertThat(messages("deploy.changes")).singleElement().asString().contains("+taskDefinition: myapp:2");
        assertThat(messages("preflight.ok")).containsExactly("Pre-flight: 1 image found in ECR");
    }

    @Test
    void capacityProviderOptions_replaceTheFiles_andAChangedStrategyForcesANewDeployment() {
        release(1, "1.0");
        deploy(request(null).createCluster(true).build());
        aws.clearJournal();

        DeploymentResult r = deploy(request(null).capacityProviders(List.of("FARGATE_SPOT:1")).build());

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
        assertThat(aws.requests("UpdateService")).singleElement().satisfies(u -> {
            assertThat(u.body().path("forceNewDeployment").asBoolean()).isTrue();
            assertThat(u.body().path("capacityProviderStrategy").toString()).contains("FARGATE_SPOT").doesNotContain("\"FARGATE\"");
        });
        assertThat(messages("deploy.warning")).anyMatch(w -> w.contains("capacityProviderStrategy: changes, which ECS applies only with a new deployment"));
    }

    @Test
    void aBrokenServiceDefinition_isRefusedNamingTheField_andNothingChanges() throws Exception {
        release(1, "1.0");
        Path broken = Files.writeString(tmp.resolve("service.json"), Files.readString(SERVICE_JSON)
                .replace("\"containerPort\": 3000", "\"containerPort\": 8080"));
        aws.clearJournal();

        assertThatThrownBy(() -> deploy(request(null).serviceDefinition(broken).createCluster(true).build()))
                .isInstanceOf(QuaysideException.class)
                .hasMessageContaining("loadBalancers[0].containerPort: 8080 is not a port mapping of container myapp (it maps: 3000)");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void anImageThatWasNeverPushed_isRefusedByThePreflight_namingContainerAndImage_andNothingChanges() {
        String td = release(1, "1.0");
        deploy(request(td).createCluster(true).build());
        String missing = taskDefinitions().run(TaskDefinitionRequest.builder().file(TASK_DEFINITION_JSON)
                .overrides(TaskDefinitionOverrides.builder().image("myapp", registry.hostPort() + "/myapp:v1.1").build()).preflight(false).build())
                .registered().orElseThrow().taskDefinitionArn();
        aws.clearJournal();

        assertThatThrownBy(() -> deploy(request(missing).build()))
                .isInstanceOf(QuaysideException.class)
                .satisfies(e -> assertThat(((QuaysideException) e).failure()).isEqualTo(Failure.REJECTED))
                .hasMessageContaining("container myapp: image " + registry.hostPort() + "/myapp:v1.1 does not exist in ECR (ImageNotFound");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void theTaskDefinitionsPreflight_refusesToRegisterAnImageThatWasNeverPushed() {
        release(1, "1.0");
        aws.clearJournal();

        assertThatThrownBy(() -> taskDefinitions().run(TaskDefinitionRequest.builder().file(TASK_DEFINITION_JSON)
                .overrides(TaskDefinitionOverrides.builder().image("myapp", registry.hostPort() + "/myapp:never").build()).build()))
                .hasMessageContaining("register task definition family 'myapp' (pre-flight)")
                .hasMessageContaining("container myapp: image " + registry.hostPort() + "/myapp:never does not exist in ECR");
        assertThat(aws.mutatingCalls()).isEmpty();
    }
}
